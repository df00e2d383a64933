// A2A v0.3 wire types as zod schemas (a2a.json): `kind` discriminators, lowercase states, `final` on
// status updates. Requests are parsed with these; responses are typed by them. Unknown fields are stripped.
import { z } from 'zod';
import { base64Schema, jsonObjectSchema, nonEmptyString, nonNegativeInt, webhookUrlSchema } from '../wire-common';

export const TASK_STATE_V03 = [
  'submitted',
  'working',
  'input-required',
  'completed',
  'canceled',
  'failed',
  'rejected',
  'auth-required',
] as const;
export const taskStateSchema = z.enum(TASK_STATE_V03);

const textPartSchema = z.object({ kind: z.literal('text'), text: z.string(), metadata: jsonObjectSchema.optional() });

const fileSchema = z
  .object({
    bytes: base64Schema.optional(),
    uri: nonEmptyString.optional(),
    mimeType: z.string().optional(),
    name: z.string().optional(),
  })
  .refine((f) => (f.bytes === undefined) !== (f.uri === undefined), 'exactly one of bytes, uri is required');

const filePartSchema = z.object({ kind: z.literal('file'), file: fileSchema, metadata: jsonObjectSchema.optional() });
const dataPartSchema = z.object({ kind: z.literal('data'), data: jsonObjectSchema, metadata: jsonObjectSchema.optional() });

export const partSchema = z.discriminatedUnion('kind', [textPartSchema, filePartSchema, dataPartSchema], {
  error: 'must be one of "text", "file", "data"',
});

export const messageSchema = z.object({
  // Required by a2a.json but redundant where a message is expected; tolerated when missing.
  kind: z.literal('message').optional(),
  messageId: nonEmptyString,
  role: z.enum(['user', 'agent']),
  parts: z.array(partSchema).min(1, 'at least one part is required'),
  contextId: z.string().optional(),
  taskId: z.string().optional(),
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
  parts: z.array(partSchema),
  metadata: jsonObjectSchema.optional(),
  extensions: z.array(z.string()).optional(),
});

export const taskSchema = z.object({
  kind: z.literal('task'),
  id: nonEmptyString,
  contextId: z.string(),
  status: taskStatusSchema,
  artifacts: z.array(artifactSchema).optional(),
  history: z.array(messageSchema).optional(),
  metadata: jsonObjectSchema.optional(),
});

export const taskStatusUpdateEventSchema = z.object({
  kind: z.literal('status-update'),
  taskId: nonEmptyString,
  contextId: z.string(),
  status: taskStatusSchema,
  final: z.boolean(),
  metadata: jsonObjectSchema.optional(),
});

export const taskArtifactUpdateEventSchema = z.object({
  kind: z.literal('artifact-update'),
  taskId: nonEmptyString,
  contextId: z.string(),
  artifact: artifactSchema,
  append: z.boolean().optional(),
  lastChunk: z.boolean().optional(),
  metadata: jsonObjectSchema.optional(),
});

export const pushAuthenticationSchema = z.object({
  schemes: z.array(nonEmptyString).min(1, 'at least one scheme is required'),
  credentials: z.string().optional(),
});

export const pushNotificationConfigSchema = z.object({
  id: z.string().optional(),
  url: webhookUrlSchema,
  token: z.string().optional(),
  authentication: pushAuthenticationSchema.optional(),
});

export const taskPushNotificationConfigSchema = z.object({
  taskId: nonEmptyString,
  pushNotificationConfig: pushNotificationConfigSchema,
});

export const messageSendParamsSchema = z.object({
  message: messageSchema,
  configuration: z
    .object({
      acceptedOutputModes: z.array(z.string()).optional(),
      blocking: z.boolean().optional(),
      historyLength: nonNegativeInt.optional(),
      pushNotificationConfig: pushNotificationConfigSchema.optional(),
    })
    .optional(),
  metadata: jsonObjectSchema.optional(),
});

export const taskQueryParamsSchema = z.object({ id: nonEmptyString, historyLength: nonNegativeInt.optional(), metadata: jsonObjectSchema.optional() });
export const taskIdParamsSchema = z.object({ id: nonEmptyString, metadata: jsonObjectSchema.optional() });
export const getTaskPushNotificationConfigParamsSchema = z.object({
  id: nonEmptyString,
  pushNotificationConfigId: z.string().optional(),
  metadata: jsonObjectSchema.optional(),
});
export const deleteTaskPushNotificationConfigParamsSchema = z.object({
  id: nonEmptyString,
  pushNotificationConfigId: nonEmptyString,
  metadata: jsonObjectSchema.optional(),
});

export const streamResultSchema = z.discriminatedUnion('kind', [
  taskSchema,
  messageSchema.extend({ kind: z.literal('message') }),
  taskStatusUpdateEventSchema,
  taskArtifactUpdateEventSchema,
]);

export type PartV03 = z.infer<typeof partSchema>;
export type MessageV03 = z.infer<typeof messageSchema>;
export type TaskV03 = z.infer<typeof taskSchema>;
export type TaskStatusV03 = z.infer<typeof taskStatusSchema>;
export type ArtifactV03 = z.infer<typeof artifactSchema>;
export type TaskStateV03 = z.infer<typeof taskStateSchema>;
export type PushNotificationConfigV03 = z.infer<typeof pushNotificationConfigSchema>;
export type TaskPushNotificationConfigV03 = z.infer<typeof taskPushNotificationConfigSchema>;
export type StreamResultV03 = z.infer<typeof streamResultSchema>;
