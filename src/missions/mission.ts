import { z } from 'zod';

/** The consular call centre in Seoul, open 24 hours; the fallback for every emergency number. */
export const consularCallCenterPhone = '+82-2-3210-0404';

const countryCode = z.string().regex(/^[A-Z]{2}$/, 'expected an ISO 3166-1 alpha-2 code');

/** Countries (and, for consulates, admin-1 regions) a mission serves. */
export const jurisdictionSchema = z.object({
  country: countryCode,
  /** GeoNames admin-1 names; absent means the whole country or the rest of it. */
  regions: z.array(z.string().min(1)).min(1).optional(),
});

/** One embassy, consulate or other mission of the Republic of Korea abroad. */
export const missionSchema = z.object({
  /** Stable code: host country, city and kind, as missionCode() builds it (`JP-OSAKA-CG`). */
  code: z.string().regex(/^[A-Z]{2}-[A-Z0-9]+-(EMB|CG|CON|MIS)$/),
  nameKo: z.string().min(1),
  nameEn: z.string().min(1).nullable(),
  kind: z.enum(['embassy', 'consulate-general', 'consulate', 'mission']),
  /** Host country (ISO alpha-2) where the mission sits. */
  country: countryCode,
  /** English name of the host city. */
  city: z.string().min(1).nullable(),
  /** GeoNames id of the host city, when the gazetteer has it. */
  cityId: z.number().int().positive().nullable(),
  lat: z.number().min(-90).max(90),
  lon: z.number().min(-180).max(180),
  address: z.string().min(1).nullable(),
  /** Main phone in international form (+CC-...). */
  phone: z.string().min(1).nullable(),
  /** After-hours emergency phone; null means the consular call centre. */
  emergencyPhone: z.string().min(1).nullable(),
  jurisdiction: z.array(jurisdictionSchema).min(1),
});

export type Jurisdiction = z.infer<typeof jurisdictionSchema>;
export type Mission = z.infer<typeof missionSchema>;
export type MissionKind = Mission['kind'];

/** Returns the number to call in an emergency: the mission's own, else the call centre. */
export function emergencyPhoneOf(mission: Mission): string {
  return mission.emergencyPhone ?? consularCallCenterPhone;
}
