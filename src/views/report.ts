/** The wizard's core views rendered as Adaptive Cards (Teams sends them; Slack converts them). */
import type { WizardView } from '../core/incidents/report-flow';
import type { Field } from '../core/incidents/wizard';
import type { Answers } from '../core/model';
import { renderConfirmation, renderNotice, renderReview, renderWizardStep, type AdaptiveCard, type WizardField } from '../cards';

/** How many people a picker lists before the reporter types (the rest come from the search). */
export const INITIAL_PEOPLE = 5;

/** The card for a wizard view. */
export function wizardCard(view: WizardView): AdaptiveCard {
  switch (view.kind) {
    case 'step':
      return renderWizardStep({
        draftId: view.draftId,
        stepId: view.step.id,
        title: view.step.title,
        intro: view.step.intro,
        progress: view.progress,
        banners: view.banners,
        canGoBack: view.canGoBack,
        fields: view.step.fields.map((f) => cardField(f, view.values[f.id], view.errors[f.id])),
      });
    case 'review':
      return renderReview({
        draftId: view.draftId,
        banners: view.banners,
        sections: view.sections,
        routeText: view.routeText,
      });
    case 'submitted':
      return renderConfirmation({ reference: view.incident.reference, urgent: view.incident.urgent, whoIsTold: view.toldText, nextSteps: view.nextSteps });
    case 'cancelled':
      return renderNotice({ title: 'Report cancelled', text: 'Nothing was sent and your draft has been deleted. Send "report" whenever you need to start again.' });
  }
}

/**
 * A step field for the card. A person picker carries a short initial list, not the whole school:
 * the answer already chosen (so a revisited step shows it), the first few names, and the way out.
 */
function cardField(f: Field, value: Answers[string], error: string | undefined): WizardField {
  if (f.type !== 'person') return { ...f, value, error };
  const all = f.choices ?? [];
  const chosen = typeof value === 'string' && value !== 'other' ? all.filter((c) => c.value === value) : [];
  const people = all.filter((c) => c.value !== 'other' && !chosen.includes(c)).sort((a, b) => a.title.localeCompare(b.title, 'en-GB'));
  const initial = [...chosen, ...people.slice(0, Math.max(0, INITIAL_PEOPLE - chosen.length)), ...all.filter((c) => c.value === 'other')];
  return { ...f, choices: initial, value, error };
}
