// Finding codes produced outside checkConsistency, for agents that combine tool results. Pure and
// dependency-free, so the verification policy (tool server) and workflow code share one list.
export const AGENT_FINDING_CODES = {
  mediaTypeMismatch: 'media-type-mismatch',
  requiredFieldMissing: 'required-field-missing',
  requiredFieldInvalid: 'required-field-invalid',
  classificationUncertain: 'classification-uncertain',
  nationalIdPresent: 'pii-national-id',
  paymentCardPresent: 'pii-payment-card',
} as const;
