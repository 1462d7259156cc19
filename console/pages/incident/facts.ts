/// <reference lib="dom" />
/** The Art. 33(3) facts and the risk assessment, as staff learn them. */
import { html } from 'htm/preact';
import type { VNode } from 'preact';
import type { IncidentView } from '../../api';
import { useText } from '../../ui';
import { RISK_LABELS } from '../incidents';
import { type Act, Field, splitList } from './field';

export function FactsForm({ view, act }: { view: IncidentView; act: Act }): VNode {
  const f = view.incident.facts;
  const [description, onDescription] = useText(f.description ?? '');
  const [data, onData] = useText(f.dataCategories.join(', '));
  const [people, onPeople] = useText(f.subjectCategories.join(', '));
  const [consequences, onConsequences] = useText(f.consequences ?? '');
  const [taken, onTaken] = useText(f.measuresTaken ?? '');
  const [proposed, onProposed] = useText(f.measuresProposed ?? '');
  const save = () =>
    void act('facts', {
      description: description.trim(),
      dataCategories: splitList(data),
      subjectCategories: splitList(people),
      consequences: consequences.trim(),
      measuresTaken: taken.trim(),
      measuresProposed: proposed.trim(),
    });
  return html`<section class="card" id="incident-facts">
    <h2>Facts (Art. 33(3))</h2>
    <${Field} id="f-description" label="What happened (nature of the breach)" value=${description} onInput=${onDescription} />
    <${Field} id="f-data" label="Categories of personal data (comma-separated)" value=${data} onInput=${onData} multiline=${false} />
    <${Field} id="f-people" label="Categories of people (comma-separated)" value=${people} onInput=${onPeople} multiline=${false} />
    <${Field} id="f-consequences" label="Likely consequences" value=${consequences} onInput=${onConsequences} />
    <${Field} id="f-taken" label="Measures taken" value=${taken} onInput=${onTaken} />
    <${Field} id="f-proposed" label="Measures proposed" value=${proposed} onInput=${onProposed} />
    <button type="button" onClick=${save}>Save facts</button>
  </section>`;
}

export function AssessForm({ view, act }: { view: IncidentView; act: Act }): VNode {
  const assessment = view.incident.assessment;
  const [risk, onRisk] = useText(assessment?.risk ?? 'no_risk');
  const [reasoning, onReasoning] = useText(assessment?.reasoning ?? '');
  return html`<section class="card" id="incident-assess">
    <h2>Risk assessment</h2>
    <label for="risk">Risk to the people</label>
    <select id="risk" value=${risk} onChange=${onRisk}>
      ${Object.entries(RISK_LABELS).map(([value, label]) => html`<option value=${value}>${label}</option>`)}
    </select>
    <${Field} id="risk-reasoning" label="Reasoning" value=${reasoning} onInput=${onReasoning} />
    <button type="button" onClick=${() => void act('assess', { risk, reasoning: reasoning.trim() })}>Record assessment</button>
  </section>`;
}
