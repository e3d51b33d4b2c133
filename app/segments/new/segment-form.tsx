'use client';

import { useActionState } from 'react';
import { createSegmentAction, type SegmentFormState } from './actions';
import { PIPE_MATERIALS, INSPECTION_DIRECTIONS } from '../../../lib/db/schema/segments';
import { FormField } from '../../components/form-field';

const initial: SegmentFormState = { errors: {}, values: {} };

function Field(props: { name: string; label: string; state: SegmentFormState; type?: string; placeholder?: string; defaultValue?: string; step?: string }) {
  const { state, ...rest } = props;
  return <FormField {...rest} error={state.errors[props.name]} defaultValue={state.values[props.name] ?? props.defaultValue} />;
}

function Select(props: { name: string; label: string; options: readonly string[]; state: SegmentFormState }) {
  const err = props.state.errors[props.name];
  return (
    <label className="block text-sm">
      <span className="font-medium text-slate-700">{props.label}</span>
      <select name={props.name} defaultValue={props.state.values[props.name] ?? props.options[0]} className="mt-1 block w-full rounded border border-slate-300 px-2 py-1.5">
        {props.options.map((o) => <option key={o} value={o}>{o}</option>)}
      </select>
      {err ? <span className="mt-1 block text-xs text-red-700" data-testid={`error-${props.name}`}>{err}</span> : null}
    </label>
  );
}

export function SegmentForm() {
  const [state, action, pending] = useActionState(createSegmentAction, initial);
  const today = new Date().toISOString().slice(0, 10);
  return (
    <form action={action} className="grid max-w-3xl grid-cols-1 gap-4 rounded bg-white p-5 shadow-sm sm:grid-cols-2" noValidate>
      <Field name="assetId" label="Asset id" placeholder="e.g. SW-1042" state={state} />
      <Field name="location" label="Street / location" placeholder="Main St between 3rd and 4th" state={state} />
      <Field name="upstreamManhole" label="Upstream manhole" placeholder="MH-101" state={state} />
      <Field name="downstreamManhole" label="Downstream manhole" placeholder="MH-102" state={state} />
      <Field name="diameterMm" label="Diameter (mm)" type="number" placeholder="300" state={state} />
      <Select name="material" label="Material" options={PIPE_MATERIALS} state={state} />
      <Field name="lengthM" label="Length (m)" type="number" step="0.1" placeholder="48.5" state={state} />
      <Select name="direction" label="Inspection direction" options={INSPECTION_DIRECTIONS} state={state} />
      <Field name="inspectionDate" label="Inspection date" type="date" defaultValue={today} state={state} />
      <Field name="operator" label="Operator" placeholder="Crew / operator name" state={state} />
      <div className="sm:col-span-2">
        <button type="submit" disabled={pending} className="rounded bg-teal-700 px-4 py-2 text-sm font-medium text-white hover:bg-teal-600 disabled:opacity-50">
          {pending ? 'Saving…' : 'Create segment'}
        </button>
      </div>
    </form>
  );
}
