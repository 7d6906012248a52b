export * from './ProjectCaseEvents/ProjectCaseEvents';
export * from './CompactCounters/CompactCounters';
export * from './SearchCases/SearchCases';
export * from './GetCaseDetail/GetCaseDetail';
export * from './GetKpis/GetKpis';
export * from './BuildReports/BuildReports';
