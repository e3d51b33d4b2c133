/** A labelled input with its error message underneath (every form in the app). */
export function FormField(props: { name: string; label: string; type?: string; error?: string; defaultValue?: string; autoComplete?: string; placeholder?: string; step?: string }) {
  return (
    <label className="block text-sm">
      <span className="font-medium text-slate-700">{props.label}</span>
      <input
        name={props.name}
        type={props.type ?? 'text'}
        defaultValue={props.defaultValue}
        autoComplete={props.autoComplete}
        placeholder={props.placeholder}
        step={props.step}
        aria-invalid={!!props.error}
        className={`mt-1 block w-full rounded border px-2 py-1.5 ${props.error ? 'border-red-500' : 'border-slate-300'}`}
      />
      {props.error ? <span className="mt-1 block text-xs text-red-700" data-testid={`error-${props.name}`}>{props.error}</span> : null}
    </label>
  );
}

export interface FormState {
  errors: Record<string, string>;
  values: Record<string, string>;
  ok?: string;
}

export const EMPTY_FORM: FormState = { errors: {}, values: {} };

/** The submitted fields as strings (Next adds $ACTION_* entries, which are dropped). */
export function formValues(form: FormData): Record<string, string> {
  return Object.fromEntries([...form.entries()].filter(([k]) => !k.startsWith('$')).map(([k, v]) => [k, String(v)]));
}
