import './advisories.tables.js';

export {
  countryAdvisory,
  type AdvisoryLevel,
  type CountryAdvisory,
  type Coverage,
  type SafetyNotice,
  type SpecialAdvisory,
} from './advisories.query.js';
export {
  ensureBundledSnapshot,
  importAdvisoryDocument,
  importAdvisoryFile,
  type ImportSummary,
} from './advisories.service.js';
export { parseMofaDocument, mofaItems, MofaDataError, decodeEntities } from './mofa-parse.js';
export { registerAdvisoryCommands } from './advisories.cli.js';
