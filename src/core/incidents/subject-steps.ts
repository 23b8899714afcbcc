/**
 * The confirm steps of the wizard, so nothing is routed on a guessed name: after "who is it about" on the staff path, and after
 * "who was involved" on the pupil path when a member of staff is named as alleged perpetrator.
 * Each typed name or phrase gets one question: the best matches, or "someone else". Nothing typed
 * names a person until it is confirmed here.
 */
import type { Answers, Category } from '../model';
import type { Role } from '../model';
import { confirmChoices, typedSubjects } from '../people/subject';

/** The confirm step after staff_subject (staff path) or after pupil_people (pupil path). */
export const CONFIRM_STEP: Partial<Record<Category, 'confirm_subject' | 'confirm_people'>> = { staff: 'confirm_subject', pupil: 'confirm_people' };

/** What the confirm step needs: the school's people (with roles, to match "the head") and the answers so far. */
export interface ConfirmContext {
  people: { email: string; name: string; roles?: readonly Role[] }[];
  answers?: Answers;
}

/** Whether the path needs its confirm step now (something typed is waiting to be confirmed). */
export function needsConfirm(category: Category | null, answers: Answers): boolean {
  return typedSubjects(category, answers).length > 0;
}

/** The confirm step for the typed names in ctx.answers (no fields when nothing is typed). */
export function confirmStep(stepId: 'confirm_subject' | 'confirm_people', ctx: ConfirmContext) {
  const category: Category = stepId === 'confirm_subject' ? 'staff' : 'pupil';
  const typed = typedSubjects(category, ctx.answers ?? {});
  return {
    id: stepId,
    title: stepId === 'confirm_subject' ? 'Who do you mean?' : 'Which member of staff do you mean?',
    intro:
      'Please check who you mean, so that the concern goes to the right person and never to the person it is about. ' +
      'If they are not listed, choose "Someone else": what you typed is kept.',
    fields: typed.map((t) => {
      const choices = confirmChoices(t.text, ctx.people);
      return {
        id: t.confirmField,
        label: `Who do you mean by "${t.text}"?`,
        type: 'choice' as const,
        required: true,
        help: choices.length === 1 ? `Nobody on the school's list matches "${t.text}".` : 'Choose the person you mean, or "Someone else" if none of these is them.',
        choices,
      };
    }),
  };
}
