'use client';
// A labelled filter <select> whose first option is "All" (the empty value). A value from a deep link that is not
// among the options (a namespace without data, a code not in the catalogue) stays selectable, so the filter that is
// in force is always visible.
export interface FilterOption {
  readonly value: string;
  readonly label: string;
}

export function FilterSelect({
  id,
  label,
  value,
  options,
  onChange,
  unlistedLabel = (v) => v,
}: {
  readonly id: string;
  readonly label: string;
  readonly value: string;
  readonly options: readonly FilterOption[];
  readonly onChange: (value: string) => void;
  readonly unlistedLabel?: (value: string) => string;
}) {
  const listed = options.some((o) => o.value === value);
  return (
    <span>
      <label htmlFor={id}>{label}</label>{' '}
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">All</option>
        {value && !listed && <option value={value}>{unlistedLabel(value)}</option>}
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </span>
  );
}
