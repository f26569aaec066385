import './interpretation.tables.js';

export {
  createInterpretationRequest,
  eraseAnonymousRequests,
  eraseInterpretationRequests,
  interpretationLanguages,
  interpretationSituations,
  listInterpretationRequests,
  type InterpretationQuery,
  type InterpretationLanguage,
  type InterpretationRequest,
  type InterpretationSituation,
  type NewInterpretationRequest,
} from './interpretation.service.js';
export { registerInterpretationRoutes } from './interpretation.routes.js';
