import './interpretation.tables.js';

export {
  createInterpretationRequest,
  eraseAnonymousRequests,
  eraseInterpretationRequests,
  interpretationLanguages,
  interpretationSituations,
  type InterpretationLanguage,
  type InterpretationRequest,
  type InterpretationSituation,
  type NewInterpretationRequest,
} from './interpretation.service.js';
