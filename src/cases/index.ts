import './cases.tables.js';

export {
  casePriorities,
  caseStatuses,
  getCase,
  listCases,
  openCase,
  setCaseStatus,
  type Case,
  type CasePriority,
  type CaseStatus,
  type NewCase,
} from './cases.service.js';
export { registerCaseRoutes } from './cases.routes.js';
