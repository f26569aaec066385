/** One imported answer of the ministry's data API (or the bundled snapshot). */
export interface AdvisoryImportTable {
  id: string;
  /** levels, special or notices. */
  kind: string;
  /** The date the data describes (YYYY-MM-DD), shown in answers as 기준일. */
  as_of: string;
  /** 1 when the import lists every country, so a country without rows has no advisory. */
  complete: number;
  /** JSON array of the ISO alpha-2 codes the import covers. */
  countries: string;
  origin: string;
  imported_at: string;
}

export interface AdvisoryLevelTable {
  id: string;
  import_id: string;
  country: string;
  level: number | null;
  region_scope: string;
  remark: string;
  written_date: string | null;
}

export interface SpecialAdvisoryTable {
  id: string;
  import_id: string;
  country: string;
  region_scope: string;
  remark: string;
  written_date: string | null;
}

export interface SafetyNoticeTable {
  /** The ministry's `sfty_notice_id`. */
  id: string;
  import_id: string;
  country: string;
  title: string;
  body: string;
  category: string | null;
  written_date: string | null;
}

declare module '../db/database.js' {
  interface Database {
    advisory_imports: AdvisoryImportTable;
    advisory_levels: AdvisoryLevelTable;
    special_advisories: SpecialAdvisoryTable;
    safety_notices: SafetyNoticeTable;
  }
}
