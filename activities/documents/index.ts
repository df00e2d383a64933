// Document activities: inbound documents into the artifact store, stored documents described.
export { createDocumentActivities, type DocumentActivitiesDeps } from './create-document-activities';
