/**
 * Cards of the reporting wizard: one step, the review before sending, and the confirmation.
 */
import { expand } from './expand';
import type { AdaptiveCard, ConfirmationData, ReviewData, WizardField, WizardStepData } from './types';

/** Renders one wizard step (cards/wizard-step.json): every field by type, with its current value and error. */
export function renderWizardStep(d: WizardStepData): AdaptiveCard {
  return expand('wizard-step', {
    draftId: d.draftId,
    stepId: d.stepId,
    title: d.title,
    intro: d.intro ?? null,
    progress: d.progress ?? null,
    banners: d.banners,
    fields: d.fields.map(toTemplateField),
    canGoBack: d.canGoBack,
  });
}

// Absent optional values become null, which expand() drops from the card.
function toTemplateField(f: WizardField): Record<string, unknown> {
  return {
    id: f.id,
    label: f.label,
    type: f.type,
    required: f.required,
    placeholder: f.placeholder ?? null,
    help: f.help ?? null,
    maxLength: f.maxLength ?? null,
    choices: f.choices ?? [],
    dataset: f.dataset ?? null,
    value: inputValue(f.value),
    error: f.error ?? null,
  };
}

/** Adaptive Cards take a multi-select value as comma-separated choice values. */
function inputValue(value: string | string[] | undefined): string | null {
  const text = Array.isArray(value) ? value.join(',') : value;
  return text === undefined || text === '' ? null : text;
}

/** Renders the check-your-answers card (cards/review.json), with an Edit button per section. */
export function renderReview(d: ReviewData): AdaptiveCard {
  return expand('review', {
    draftId: d.draftId,
    banners: d.banners,
    routeText: d.routeText,
    sections: d.sections.map((s) => ({
      stepId: s.stepId,
      title: s.title,
      facts: s.facts.map((f) => ({ title: f.title, value: f.value.trim() === '' ? 'Not answered' : f.value })),
    })),
  });
}

/** Renders the thank-you card after a report is sent (cards/confirmation.json). */
export function renderConfirmation(d: ConfirmationData): AdaptiveCard {
  return expand('confirmation', {
    reference: d.reference,
    urgent: d.urgent,
    whoIsTold: d.whoIsTold,
    nextSteps: d.nextSteps,
  });
}
