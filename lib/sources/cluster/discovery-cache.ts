// One discovery pass shared by every kind's supervisor: the kinds starting together make one set of discovery
// requests, and a kind that found its resource absent asks for a fresh pass only when it retries.
import { discover, type Resolution } from './discovery';
import type { KubeClient } from './kube-client';
import type { KindSpec } from './kind-table';

export class DiscoveryCache {
  private pass: Promise<Map<string, Resolution>> | null = null;
  private passStartedAt = 0;

  constructor(
    private readonly client: KubeClient,
    private readonly specs: readonly KindSpec[],
    private readonly clock: () => number,
  ) {}

  /** `fresherThan`: a pass started before this instant (ms) is not good enough. */
  async resolve(spec: KindSpec, fresherThan = 0): Promise<Resolution> {
    if (!this.pass || this.passStartedAt < fresherThan) {
      this.passStartedAt = this.clock();
      const pass = discover(this.client, this.specs);
      this.pass = pass;
      pass.catch(() => {
        if (this.pass === pass) this.pass = null; // a failed pass is not cached
      });
    }
    const resolution = (await this.pass).get(spec.id);
    if (!resolution) throw new Error(`discovery did not resolve ${spec.id}`);
    return resolution;
  }
}
