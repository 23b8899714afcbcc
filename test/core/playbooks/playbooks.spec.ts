import assert from 'node:assert/strict';
import { KINDS } from '../../../src/core/incidents/kinds';
import { PLAYBOOKS, STEPS } from '../../../src/core/playbooks/playbooks';
import { checklistFor, playbooksFor, stepStates, CHECKLIST_EVENTS } from '../../../src/core/playbooks/checklist';
import { CONTACT_IDS } from '../../../src/core/playbooks/contacts';
import type { IncidentEvent } from '../../../src/core/model';

/** A source names a policy section (000–004 with a part, section or appendix) or a national guidance name from docs/sources.md. */
const SOURCE = /\b00[0-4] (part \d|§\d|appendix [A-K]|introduction)|\bKCSiE Part \d|\bUKCIS 2024\b|\bPrevent\b|\bCEOP\b/;

const images = () => PLAYBOOKS.find((p) => p.id === 'nudes_images')!;
const stepsOf = (id: string) => PLAYBOOKS.find((p) => p.id === id)!.steps;

describe('playbooks: the checklists as data', () => {
  it('cites a policy section or national guidance for every step', () => {
    for (const s of STEPS) assert.match(s.source, SOURCE, `${s.id}: "${s.source}"`);
  });

  it('names only kinds that are in the kinds catalogue', () => {
    const catalogue = new Set(KINDS.map((k) => k.id));
    const missing = PLAYBOOKS.flatMap((p) => p.kinds.filter((k) => !catalogue.has(k)).map((k) => `${p.id}: ${k}`));
    assert.deepEqual(missing, []);
  });

  it('gives every step a distinct id, a short title and a text, and every playbook steps that exist', () => {
    assert.equal(new Set(STEPS.map((s) => s.id)).size, STEPS.length);
    for (const s of STEPS) {
      assert.match(s.id, /^[a-z][a-z0-9_]{2,63}$/);
      assert.ok(s.title.length > 3 && s.title.length <= 60, s.id);
      assert.ok(s.text.length > 10 && s.text.length <= 300, s.id);
      for (const c of s.contacts) assert.ok((CONTACT_IDS as readonly string[]).includes(c), `${s.id}: ${c}`);
    }
    const ids = new Set(STEPS.map((s) => s.id));
    for (const p of PLAYBOOKS) {
      assert.ok(p.steps.length >= 4 && p.steps.length <= 10, `${p.id} is a short checklist`);
      for (const id of p.steps) assert.ok(ids.has(id), `${p.id}: ${id}`);
      assert.equal(new Set(p.steps).size, p.steps.length, `${p.id} repeats a step`);
    }
  });

  it('covers every serious kind the issue names, and every staff route', () => {
    for (const kind of ['csam', 'sexting', 'non_consensual_images', 'deepfake_sexual_images', 'upskirting', 'grooming', 'sextortion', 'terrorist_material', 'radicalisation', 'self_harm', 'online_bullying']) {
      assert.ok(playbooksFor({ kinds: [kind], route: 'dsl_team' }).length > 0, kind);
    }
    for (const route of ['headteacher', 'chair_of_governors', 'chair_alternate'] as const) {
      assert.deepEqual(playbooksFor({ kinds: [], route }).map((p) => p.id), ['staff_allegation'], route);
    }
    assert.deepEqual(playbooksFor({ kinds: ['copyright', 'hacking'], route: 'dsl_team' }), [], 'no checklist for kinds without one');
  });

  describe('the nudes and indecent images checklist (UKCIS 2024; 004 §20.2, §20.5)', () => {
    const step = (id: string) => {
      assert.ok(images().steps.includes(id), `has ${id}`);
      return STEPS.find((s) => s.id === id)!;
    };

    it('checks every immediate-referral trigger: an adult, coercion or blackmail, under 13, extreme acts, risk of harm', () => {
      const s = step('immediate_referral');
      for (const trigger of [/adult/, /coercion, blackmail/, /under 13/, /extreme/, /risk of immediate harm/]) assert.match(s.text, trigger);
      assert.match(s.text, /police or children’s social care now/);
      assert.deepEqual([...s.contacts], ['police', 'social_care']);
    });

    it('informs parents unless that puts the child at risk', () => {
      assert.match(step('parents_informed').text, /Unless that would put the child at risk/);
    });

    it('records a reason if anyone views an image, and only the DSL may', () => {
      const s = step('viewing_reason');
      assert.match(s.title, /Reason recorded if anyone viewed an image/);
      assert.match(s.text, /Only the DSL/);
    });

    it('secures the device, deletes only once the police agree, and offers Report Remove / IWF to the child', () => {
      assert.match(step('device_secured').text, /not searched/);
      assert.match(step('deletion_agreed').text, /Nothing deleted until the police/);
      assert.deepEqual([...step('report_remove').contacts], ['report_remove', 'iwf']);
    });

    it('applies to every kind of sexual image the issue names', () => {
      assert.deepEqual([...images().kinds].sort(), ['csam', 'deepfake_sexual_images', 'non_consensual_images', 'sexting', 'upskirting']);
    });
  });

  it('sends grooming and sextortion to CEOP and the police, radicalisation to Prevent and an allegation to the LADO', () => {
    for (const id of ['grooming', 'sextortion']) for (const s of ['police_informed', 'ceop_report', 'device_secured']) assert.ok(stepsOf(id).includes(s), `${id}: ${s}`);
    assert.ok(stepsOf('radicalisation').includes('prevent_referral'));
    assert.ok(stepsOf('staff_allegation').includes('lado_consulted'));
    assert.ok(stepsOf('self_harm').includes('immediate_risk'));
  });

  it('gives an incident with several serious kinds one checklist, each shared step once', () => {
    const steps = checklistFor({ kinds: ['sexting', 'grooming', 'sextortion'], route: 'dsl_team' }).map((s) => s.id);
    assert.equal(new Set(steps).size, steps.length);
    assert.equal(steps.filter((s) => s === 'device_secured').length, 1);
    assert.ok(steps.includes('sextortion_advice') && steps.includes('cse_intelligence') && steps.includes('deletion_agreed'));
  });

  it('reads each step’s state from the latest tick or untick in the chronology', () => {
    const ev = (type: string, stepId: string, min: number, actorEmail = 'dana@school.test'): IncidentEvent => ({ id: `e${min}`, incidentId: 'i', at: new Date(Date.UTC(2026, 11, 2, 10, min)), actorEmail, type, data: { stepId } });
    const states = stepStates([
      ev(CHECKLIST_EVENTS.tick, 'device_secured', 1),
      ev('add_note', 'device_secured', 2),
      ev(CHECKLIST_EVENTS.tick, 'parents_informed', 3),
      ev(CHECKLIST_EVENTS.untick, 'parents_informed', 4, 'dev@school.test'),
    ]);
    assert.deepEqual(states.get('device_secured'), { done: true, by: 'dana@school.test', at: new Date(Date.UTC(2026, 11, 2, 10, 1)) });
    assert.equal(states.get('parents_informed')?.done, false);
    assert.equal(states.get('parents_informed')?.by, 'dev@school.test');
    assert.equal(states.size, 2);
  });
});
