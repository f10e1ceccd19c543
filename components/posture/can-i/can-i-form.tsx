// The question, as a plain GET form: it works without JavaScript (next/form falls back to a normal submit) and
// every answer is a deep link. Pods and ports are offered from the view data through datalists.
import Form from 'next/form';
import { JWT_MODES, type CanIFilters, type JwtMode } from '@/lib/api/views/can-i';
import styles from './can-i.module.css';

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'] as const;

const JWT_LABEL: Readonly<Record<JwtMode, string>> = {
  none: 'No token',
  valid: 'A token whose signature verifies, with these claims',
  invalid: 'A token that fails verification',
};

export function CanIForm({ filters, pods, ports }: { readonly filters: CanIFilters; readonly pods: readonly string[]; readonly ports: readonly number[] }) {
  return (
    <Form action="/can-i" className={styles.form} aria-label="Can I? question">
      <div className={styles.field}>
        <label htmlFor="can-i-from">From (NAMESPACE/POD, or outside)</label>
        <input id="can-i-from" name="from" list="can-i-pods-from" defaultValue={filters.from} autoComplete="off" spellCheck={false} />
      </div>
      <div className={styles.field}>
        <label htmlFor="can-i-to">To (NAMESPACE/POD)</label>
        <input id="can-i-to" name="to" list="can-i-pods" defaultValue={filters.to} required autoComplete="off" spellCheck={false} />
      </div>
      <div className={styles.field}>
        <label htmlFor="can-i-port">Container port</label>
        <input id="can-i-port" name="port" type="number" min={1} max={65535} list="can-i-ports" defaultValue={filters.port} required />
      </div>
      <div className={styles.field}>
        <label htmlFor="can-i-method">Method</label>
        <input id="can-i-method" name="method" list="can-i-methods" defaultValue={filters.method} placeholder="GET" autoComplete="off" />
      </div>
      <div className={styles.field}>
        <label htmlFor="can-i-path">Path</label>
        <input id="can-i-path" name="path" defaultValue={filters.path} placeholder="/" autoComplete="off" spellCheck={false} />
      </div>
      <div className={styles.field}>
        <label htmlFor="can-i-host">Host header</label>
        <input id="can-i-host" name="host" defaultValue={filters.host} placeholder="the Service's name" autoComplete="off" spellCheck={false} />
      </div>
      <div className={styles.wide}>
        <label htmlFor="can-i-headers">Headers, one “name: value” per line</label>
        <textarea id="can-i-headers" name="headers" rows={2} defaultValue={filters.headers} spellCheck={false} />
      </div>
      <fieldset className={styles.wide}>
        <legend>JWT</legend>
        {JWT_MODES.map((mode) => (
          <label key={mode} className={styles.radio}>
            <input type="radio" name="jwt" value={mode} defaultChecked={filters.jwt === mode} /> {JWT_LABEL[mode]}
          </label>
        ))}
        <label htmlFor="can-i-claims">Claims (JSON, for a token that verifies)</label>
        <textarea
          id="can-i-claims"
          name="claims"
          rows={2}
          defaultValue={filters.claims}
          placeholder='{"iss":"https://issuer.example.com","sub":"alice","aud":"api"}'
          spellCheck={false}
        />
      </fieldset>
      <div className={styles.wide}>
        <button type="submit">Ask</button>
      </div>
      <datalist id="can-i-pods-from">
        <option value="outside" />
        {pods.map((p) => (
          <option key={p} value={p} />
        ))}
      </datalist>
      <datalist id="can-i-pods">
        {pods.map((p) => (
          <option key={p} value={p} />
        ))}
      </datalist>
      <datalist id="can-i-ports">
        {ports.map((p) => (
          <option key={p} value={p} />
        ))}
      </datalist>
      <datalist id="can-i-methods">
        {METHODS.map((m) => (
          <option key={m} value={m} />
        ))}
      </datalist>
    </Form>
  );
}
