// The server's traffic store: traffic is prepared when a posture is offered, never on a request, and a Prometheus
// that cannot be reached gives a model that says so while every view still answers.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { aNamespace, aPod, aSnapshot, NOW } from '@/test/builders';

const STORE_KEY = Symbol.for('mesh-posture.traffic-store');

/** A fresh store module (the store lives on globalThis, one per process, like the server's). */
async function freshStore() {
  delete (globalThis as Record<symbol, unknown>)[STORE_KEY];
  vi.resetModules();
  return import('./traffic-store');
}

afterEach(() => {
  vi.unstubAllEnvs();
  const store = (globalThis as Record<symbol, { timer?: ReturnType<typeof setInterval> | null } | undefined>)[STORE_KEY];
  if (store?.timer) clearInterval(store.timer);
  delete (globalThis as Record<symbol, unknown>)[STORE_KEY];
});

describe('traffic store', () => {
  it('has nothing to show before a posture is offered, and a model for it right after (the demo recording)', async () => {
    vi.stubEnv('MESH_POSTURE_SOURCE', 'demo');
    const { prepareTrafficModel, peekTrafficModel } = await freshStore();
    const { staticPostureState } = await import('./posture-store');
    const state = staticPostureState(aSnapshot({ namespaces: [aNamespace('shop')], pods: [aPod({ name: 'web', namespace: 'shop' })] }), new Date(NOW));
    expect(peekTrafficModel(state.computation)).toBeNull();
    prepareTrafficModel(state.computation);
    expect(peekTrafficModel(state.computation)).toMatchObject({ current: true, model: { status: 'ok' } });
  });

  it('keeps the previous model, marked, while a new posture is being joined', async () => {
    vi.stubEnv('MESH_POSTURE_SOURCE', 'demo');
    const { prepareTrafficModel, peekTrafficModel } = await freshStore();
    const { staticPostureState } = await import('./posture-store');
    const first = staticPostureState(aSnapshot({ pods: [aPod({ name: 'a' })] }), new Date(NOW));
    const second = staticPostureState(aSnapshot({ pods: [aPod({ name: 'b' })] }), new Date(NOW));
    prepareTrafficModel(first.computation);
    expect(peekTrafficModel(second.computation)).toMatchObject({ current: false });
  });

  it('answers with the reason when Prometheus cannot be reached, without throwing', async () => {
    vi.stubEnv('MESH_POSTURE_SOURCE', '/nonexistent/files');
    vi.stubEnv('MESH_POSTURE_PROMETHEUS_URL', 'http://127.0.0.1:9/');
    vi.stubEnv('MESH_POSTURE_PROMETHEUS_TIMEOUT', '2');
    const { prepareTrafficModel, peekTrafficModel, getTrafficModel } = await freshStore();
    const { staticPostureState } = await import('./posture-store');
    const state = staticPostureState(aSnapshot({ pods: [aPod({ name: 'a' })] }), new Date(NOW));
    expect(() => prepareTrafficModel(state.computation)).not.toThrow();
    const model = await getTrafficModel(state.computation);
    expect(['unreachable', 'timeout', 'error']).toContain(model.status);
    expect(model.reason).toBeTruthy();
    expect(model.namespaces.every((n) => n.strictReadiness !== 'ready')).toBe(true);
    expect(peekTrafficModel(state.computation)?.model.status).toBe(model.status);
  });
});
