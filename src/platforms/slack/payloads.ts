/**
 * What the Slack handlers read from a request, as schemas. Bolt's types say what Slack sends; a
 * holder of the signing secret can send anything, so each field is parsed rather than cast: a field
 * that is missing or of the wrong type reads as empty (and the core then refuses it), never as a
 * TypeError halfway through a handler.
 */
import { z } from 'zod';

/** An id Slack always sends: empty when a forged request leaves it out (no lookup finds an empty id). */
const id = z.string().catch('');
/** An id Slack may leave out (team, channel): null when absent, empty or not a string. */
const idOrNull = z.string().min(1).nullable().catch(null);
/** A part of the body that may be absent; when it is not an object it reads as absent. */
const part = <T extends z.ZodRawShape>(shape: T) => z.looseObject(shape).optional().catch(undefined);

const team = part({ id: idOrNull });
const user = z.looseObject({ id, team_id: idOrNull }).catch({ id: '', team_id: null });

/** A slash command (form-encoded, so every field present is a string). */
export const commandBody = z.looseObject({
  user_id: id,
  trigger_id: id,
  team_id: idOrNull,
  channel_id: idOrNull,
  text: z.string().catch(''),
});

/** A block_actions request: the first action, who clicked, and where (a modal, the Home tab or a message). */
export const blockActionBody = z.looseObject({
  // bolt.ts acks and drops a request whose actions are not objects with a string action_id.
  actions: z.array(z.looseObject({ action_id: z.string(), value: z.string().optional().catch(undefined) })).catch([]),
  user,
  team,
  trigger_id: id,
  view: part({ type: z.string().optional().catch(undefined), id, hash: idOrNull, state: part({ values: z.unknown().optional() }) }),
  channel: part({ id: z.string().optional().catch(undefined) }),
  container: part({ channel_id: z.string().optional().catch(undefined) }),
  state: part({ values: z.unknown().optional() }),
});

/** A view_submission: bolt.ts acks and drops one whose view is not an object with a string callback_id. */
export const viewSubmissionBody = z.looseObject({
  user,
  team,
  view: z.looseObject({
    id,
    private_metadata: z.string().catch(''),
    blocks: z.array(z.unknown()).catch([]),
    state: part({ values: z.unknown().optional() }),
  }),
});

/** An input block of a submitted view, whose block_id a form error can name. */
export const inputBlock = z.looseObject({ type: z.literal('input'), block_id: z.string() });

/** A block_suggestion (options for an external_select as someone types). */
export const suggestionBody = z.looseObject({ user, team, action_id: z.string().catch(''), value: z.unknown().optional() });

/**
 * What a modal carries in private_metadata: the verb and references of its submit action, and the
 * idempotency key minted when it was drawn. Anything else (a notice's '{}', a forgery) has no verb.
 */
export const modalMeta = z.looseObject({
  v: z.string(),
  d: z.record(z.string(), z.unknown()).catch({}),
  k: z.string().catch(''),
});
export type ModalMeta = z.infer<typeof modalMeta>;

/** The references a button carries in its value (JSON): an object, or nothing. */
const jsonObject = z.record(z.string(), z.unknown());

/** A button's value or a modal's private_metadata read as a JSON object; {} for anything else. */
export function parseJsonObject(v: unknown): Record<string, unknown> {
  if (typeof v !== 'string' || !v) return {};
  try {
    return jsonObject.catch({}).parse(JSON.parse(v));
  } catch {
    return {}; // not JSON: not ours, and the registry's schema then refuses it with a typed answer
  }
}

/** A chosen option as Slack sends it back: only its value is read. */
const chosenOption = z.looseObject({ value: z.string() });
/** Absent, or of the wrong type: read as absent rather than refusing the element. */
const maybe = <T extends z.ZodType>(schema: T) => schema.optional().catch(undefined);
/** One element's submitted state (view.state.values[block][action]); only the field its type carries is read. */
const stateValue = z.looseObject({
  type: z.string(),
  value: maybe(z.string()),
  selected_date: maybe(z.string()),
  selected_time: maybe(z.string()),
  selected_option: maybe(chosenOption),
  selected_options: maybe(z.array(chosenOption.nullable().catch(null))),
});
const byKey = z.record(z.string(), z.unknown());

/** Reads a modal's (or message's) submitted state back into card input values, as Teams would send them. */
export function inputsFromState(values: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  // Slack's state is a map of maps; anything else (null, a string) is skipped, never thrown on: the state is the sender's to forge.
  for (const byAction of Object.values(byKey.catch({}).parse(values))) {
    const actions = byKey.safeParse(byAction);
    if (!actions.success) continue;
    for (const [id, raw] of Object.entries(actions.data)) {
      const parsed = stateValue.safeParse(raw);
      if (!parsed.success) continue;
      const v = parsed.data;
      switch (v.type) {
        case 'plain_text_input':
          if (v.value !== undefined) out[id] = v.value;
          break;
        case 'datepicker':
          if (v.selected_date !== undefined) out[id] = v.selected_date;
          break;
        case 'timepicker':
          if (v.selected_time !== undefined) out[id] = v.selected_time;
          break;
        case 'radio_buttons':
        case 'static_select':
        case 'external_select':
          if (v.selected_option) out[id] = v.selected_option.value;
          break;
        case 'checkboxes':
        case 'multi_static_select':
          // Adaptive Cards send a multi-select as comma-separated values; the core reads that form.
          out[id] = (v.selected_options ?? []).flatMap((o) => (o ? [o.value] : [])).join(',');
          break;
      }
    }
  }
  return out;
}

/** A file_input's state with files in it: our modals have none, so a file there was put in by hand. */
const fileInput = z.looseObject({ type: z.literal('file_input'), files: z.array(z.unknown()).min(1) });

/** True when a modal's state holds a file (a Block Kit file_input). */
export function hasFiles(values: unknown): boolean {
  return Object.values(byKey.catch({}).parse(values)).some((byAction) => Object.values(byKey.catch({}).parse(byAction)).some((v) => fileInput.safeParse(v).success));
}

/** The envelope of an Events API request: its event id (for retries) and workspace. */
const envelope = { event_id: idOrNull, team_id: idOrNull };

/** app_home_opened: which tab, and whose. */
export const homeOpenedBody = z.looseObject({
  ...envelope,
  event: z.looseObject({ tab: z.string().optional().catch(undefined), user: id }),
});

/** A message event: only a person's DM to the bot is answered (our own posts, edits and joins are not). */
export const messageBody = z.looseObject({
  ...envelope,
  event: z.looseObject({
    channel_type: z.string().optional().catch(undefined),
    // Any bot_id, or any subtype but a file share, means the message is not a person talking to us.
    bot_id: z.unknown().optional(),
    subtype: z.unknown().optional(),
    files: z.array(z.unknown()).catch([]),
    channel: id,
    ts: idOrNull,
    user: id,
  }),
});
