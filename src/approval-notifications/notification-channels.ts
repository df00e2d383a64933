// Approver notification channels, per approver role, from the agent's `approvalNotifications`
// setting: `{ "<role>": [ { "type": "webhook", "url": "https://…", "secret": "<name>" },
// { "type": "email", "to": ["…"] } ] }`. Channels name their secret; its value is the worker's
// configuration (APPROVAL_NOTIFY_SECRETS), so no secret enters settings or workflow history. Pure.
import type { JsonObject, JsonValue } from '../a2a-model/types';

export type NotificationChannel =
  | { type: 'webhook'; url: string; secret: string }
  | { type: 'email'; to: string[] };

/** By approver role (or escalation role): who is told when that group may decide. */
export type NotificationChannels = Record<string, NotificationChannel[]>;

const SECRET_NAME = /^[A-Za-z0-9_.-]{1,64}$/;
const EMAIL = /^[^\s@<>,;]+@[^\s@<>,;]+$/;

const isObject = (value: JsonValue | undefined): value is JsonObject => typeof value === 'object' && value !== null && !Array.isArray(value);

function readChannel(value: JsonValue, where: string, report: (problem: string) => void): NotificationChannel | undefined {
  if (!isObject(value)) return void report(`${where} must be an object with a type (webhook or email)`);
  const keys = Object.keys(value);
  if (value.type === 'webhook') {
    const { url, secret } = value;
    const extra = keys.filter((k) => !['type', 'url', 'secret'].includes(k));
    if (extra.length > 0) return void report(`${where}.${extra[0]}: not a webhook channel setting (type, url, secret)`);
    if (typeof url !== 'string' || !/^https?:\/\/[^\s]+$/.test(url)) return void report(`${where}.url must be an http(s) URL`);
    if (typeof secret !== 'string' || !SECRET_NAME.test(secret)) {
      return void report(`${where}.secret must name the signing secret (letters, digits, _ . -), whose value is configured in APPROVAL_NOTIFY_SECRETS`);
    }
    return { type: 'webhook', url, secret };
  }
  if (value.type === 'email') {
    const { to } = value;
    const extra = keys.filter((k) => !['type', 'to'].includes(k));
    if (extra.length > 0) return void report(`${where}.${extra[0]}: not an email channel setting (type, to)`);
    if (!Array.isArray(to) || to.length === 0 || !to.every((a) => typeof a === 'string' && EMAIL.test(a))) {
      return void report(`${where}.to must be a non-empty list of e-mail addresses`);
    }
    return { type: 'email', to: to as string[] };
  }
  return void report(`${where}.type must be webhook or email`);
}

/** Reads `approvalNotifications`; every problem is reported under `settings.approvalNotifications…`. */
export function readNotificationChannels(value: JsonObject | undefined, report: (problem: string) => void): NotificationChannels {
  const channels: NotificationChannels = {};
  for (const [role, list] of Object.entries(value ?? {})) {
    const where = `settings.approvalNotifications.${role}`;
    if (!Array.isArray(list)) {
      report(`${where} must be a list of channels`);
      continue;
    }
    const read = list.map((c, i) => readChannel(c, `${where}[${i}]`, report)).filter((c): c is NotificationChannel => c !== undefined);
    if (read.length > 0) channels[role] = read;
  }
  return channels;
}
