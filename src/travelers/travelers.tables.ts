export interface TravelerTable {
  id: string;
  /** The registering mission's own reference, or one made up for chat registrations. */
  ref: string | null;
  name: string | null;
  /** E.164, e.g. +821012345678. */
  phone: string | null;
  kakao_user_key: string | null;
  email: string | null;
  language: string;
  consent_version: string | null;
  consent_at: string | null;
  created_at: string;
  updated_at: string;
  /** Set when retention erased the personal fields; the row stays for references. */
  erased_at: string | null;
}

export interface StayTable {
  id: string;
  traveler_id: string;
  country: string;
  city_id: number | null;
  place_name: string;
  lon: number;
  lat: number;
  time_zone: string;
  /** Local calendar dates at the place, YYYY-MM-DD, both inclusive. */
  start_date: string;
  end_date: string;
  mission_code: string | null;
  created_at: string;
  updated_at: string;
}

export interface StayRevisionTable {
  id: number;
  revision: number;
}

export interface StayChangeTable {
  revision: number;
  stay_id: string;
}

declare module '../db/database.js' {
  interface Database {
    travelers: TravelerTable;
    stays: StayTable;
    stay_revision: StayRevisionTable;
    stay_changes: StayChangeTable;
  }
}
