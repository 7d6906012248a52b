export * from './shared/context';
export * from './shared/views';
export * from './RequestAppeal/RequestAppeal';
export * from './DecideAppeal/DecideAppeal';
export * from './ManageHearing/ManageHearing';
export * from './GetReviewState/GetReviewState';
export * from './ListPublicHearings/ListPublicHearings';
export * from './RecordCaseEvent/RecordCaseEvent';
