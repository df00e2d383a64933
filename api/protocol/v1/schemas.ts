// A2A v1.0 wire types as zod schemas (normative `a2a.proto`, ProtoJSON: camelCase fields, enum names).
// Requests are parsed with these; responses are typed by them (tests parse responses with them too).
// Unknown fields are stripped, not refused (§5.7: ignore unrecognized fields).
import { z } from 'zod';
import { base64Schema, jsonObjectSchema, jsonValueSchema, nonEmptyString, nonNegativeInt, webhookUrlSchema } from '../wire-common';

export const TASK_STATE_V1 = [
  'TASK_STATE_SUBMITTED',
  'TASK_STATE_WORKING',
  'TASK_STATE_COMPLETED',
  'TASK_STATE_FAILED',
  'TASK_STATE_CANCELED',
  'TASK_STATE_INPUT_REQUIRED',
  'TASK_STATE_REJECTED',
  'TASK_STATE_AUTH_REQUIRED',
] as const;
export const taskStateSchema = z.enum(TASK_STATE_V1);
export const roleSchema = z.enum(['ROLE_USER', 'ROLE_AGENT']);

const PART_CONTENT = ['text', 'raw', 'url', 'data'] as const;

/** `Part` is a oneof in the proto: exactly one of text, raw, url, data. */
export const partSchema = z
  .object({
    text: z.string().optional(),
    raw: base64Schema.optional(),
    url: nonEmptyString.optional(),
    data: jsonValueSchema.optional(),
    metadata: jsonObjectSchema.optional(),
    filename: z.string().optional(),
    mediaType: z.string().optional(),
  })
  .superRefine((part, ctx) => {
    const present = PART_CONTENT.filter((k) => part[k] !== undefined);
    if (present.length !== 1) {
      ctx.addIssue({
        code: 'custom',
        message: `exactly one of text, raw, url, data is required${present.length ? ` (got ${present.join(', ')})` : ''}`,
      });
    }
  });

export const messageSchema = z.object({
  messageId: nonEmptyString,
  contextId: z.string().optional(),
  taskId: z.string().optional(),
  role: roleSchema,
  parts: z.array(partSchema).min(1, 'at least one part is required'),
  metadata: jsonObjectSchema.optional(),
  extensions: z.array(z.string()).optional(),
  referenceTaskIds: z.array(z.string()).optional(),
});

export const taskStatusSchema = z.object({
  state: taskStateSchema,
  message: messageSchema.optional(),
  timestamp: z.string().optional(),
});

export const artifactSchema = z.object({
  artifactId: nonEmptyString,
  name: z.string().optional(),
  description: z.string().optional(),
  parts: z.array(partSchema).min(1, 'at least one part is required'),
  metadata: jsonObjectSchema.optional(),
  extensions: z.array(z.string()).optional(),
});

export const taskSchema = z.object({
  id: nonEmptyString,
  contextId: z.string(),
  status: taskStatusSchema,
  artifacts: z.array(artifactSchema).optional(),
  history: z.array(messageSchema).optional(),
  metadata: jsonObjectSchema.optional(),
});

export const taskStatusUpdateEventSchema = z.object({
  taskId: nonEmptyString,
  contextId: z.string(),
  status: taskStatusSchema,
  metadata: jsonObjectSchema.optional(),
});

export const taskArtifactUpdateEventSchema = z.object({
  taskId: nonEmptyString,
  contextId: z.string(),
  artifact: artifactSchema,
  append: z.boolean().optional(),
  lastChunk: z.boolean().optional(),
  metadata: jsonObjectSchema.optional(),
});

export const authenticationInfoSchema = z.object({ scheme: nonEmptyString, credentials: z.string().optional() });

/** Flattened in v1.0: the config and its task in one object. */
export const taskPushNotificationConfigSchema = z.object({
  tenant: z.string().optional(),
  id: z.string().optional(),
  taskId: nonEmptyString,
  url: webhookUrlSchema,
  token: z.string().optional(),
  authentication: authenticationInfoSchema.optional(),
});

/** Inside SendMessageConfiguration the task does not exist yet, so `taskId` stays empty. */
const sendPushConfigSchema = taskPushNotificationConfigSchema.extend({ taskId: z.string().optional() });

export const sendMessageConfigurationSchema = z.object({
  acceptedOutputModes: z.array(z.string()).optional(),
  taskPushNotificationConfig: sendPushConfigSchema.optional(),
  /** Accepted as an alias: pre-1.0 drafts and some clients still use the old name. */
  pushNotificationConfig: sendPushConfigSchema.optional(),
  historyLength: nonNegativeInt.optional(),
  returnImmediately: z.boolean().optional(),
});

export const sendMessageRequestSchema = z.object({
  tenant: z.string().optional(),
  message: messageSchema,
  configuration: sendMessageConfigurationSchema.optional(),
  metadata: jsonObjectSchema.optional(),
});

export const getTaskRequestSchema = z.object({
  tenant: z.string().optional(),
  id: nonEmptyString,
  historyLength: nonNegativeInt.optional(),
});

/** In proto order: TASK_STATE_V1[n - 1] is enum value n. */
const listStatusSchema = z.union([
  taskStateSchema,
  z.literal('TASK_STATE_UNSPECIFIED'),
  z.literal('UNRECOGNIZED'),
  z.number().int().min(0).max(TASK_STATE_V1.length),
]);

export const listTasksRequestSchema = z.object({
  tenant: z.string().optional(),
  contextId: z.string().optional(),
  /** TASK_STATE_UNSPECIFIED (0) and "UNRECOGNIZED" mean "no filter"; ProtoJSON also allows enum numbers. */
  status: listStatusSchema.optional(),
  pageSize: z.number().int('must be an integer').min(1, 'must be between 1 and 100').max(100, 'must be between 1 and 100').optional(),
  pageToken: z.string().optional(),
  historyLength: nonNegativeInt.optional(),
  statusTimestampAfter: z.iso.datetime({ offset: true, error: 'must be an ISO 8601 timestamp' }).optional(),
  includeArtifacts: z.boolean().optional(),
});

export const cancelTaskRequestSchema = z.object({
  tenant: z.string().optional(),
  id: nonEmptyString,
  metadata: jsonObjectSchema.optional(),
});

export const subscribeToTaskRequestSchema = z.object({ tenant: z.string().optional(), id: nonEmptyString });

export const taskPushConfigRefSchema = z.object({ tenant: z.string().optional(), taskId: nonEmptyString, id: nonEmptyString });

export const listTaskPushNotificationConfigsRequestSchema = z.object({
  tenant: z.string().optional(),
  taskId: nonEmptyString,
  pageSize: nonNegativeInt.optional(),
  pageToken: z.string().optional(),
});

export const getExtendedAgentCardRequestSchema = z.object({ tenant: z.string().optional() });

export const sendMessageResponseSchema = z.union([
  z.object({ task: taskSchema }),
  z.object({ message: messageSchema }),
]);

export const streamResponseSchema = z.union([
  z.object({ task: taskSchema }),
  z.object({ message: messageSchema }),
  z.object({ statusUpdate: taskStatusUpdateEventSchema }),
  z.object({ artifactUpdate: taskArtifactUpdateEventSchema }),
]);

export const listTasksResponseSchema = z.object({
  tasks: z.array(taskSchema),
  nextPageToken: z.string(),
  pageSize: z.number().int(),
  totalSize: z.number().int(),
});

export const listTaskPushNotificationConfigsResponseSchema = z.object({
  configs: z.array(taskPushNotificationConfigSchema),
  nextPageToken: z.string(),
});

export type PartV1 = z.infer<typeof partSchema>;
export type MessageV1 = z.infer<typeof messageSchema>;
export type TaskV1 = z.infer<typeof taskSchema>;
export type TaskStatusV1 = z.infer<typeof taskStatusSchema>;
export type ArtifactV1 = z.infer<typeof artifactSchema>;
export type TaskStateV1 = z.infer<typeof taskStateSchema>;
export type ListStatusV1 = z.infer<typeof listStatusSchema>;
export type StreamResponseV1 = z.infer<typeof streamResponseSchema>;
export type SendMessageResponseV1 = z.infer<typeof sendMessageResponseSchema>;
export type TaskPushNotificationConfigV1 = z.infer<typeof taskPushNotificationConfigSchema>;
export type ListTasksResponseV1 = z.infer<typeof listTasksResponseSchema>;
export type ListTaskPushNotificationConfigsResponseV1 = z.infer<typeof listTaskPushNotificationConfigsResponseSchema>;
