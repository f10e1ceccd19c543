// What changed since a previous report (`--baseline previous.json`): the shape every format renders. Computed by
// comparing the current JSON report with the baseline's (see baseline-diff.ts).
import type { EffectiveMode, Severity } from '@/lib/mesh/model';

export interface PortChange {
  readonly namespace: string;
  /** The workload, named so it survives pod restarts (see baseline-diff.ts). */
  readonly workload: string;
  readonly port: number | null;
  readonly mode: EffectiveMode;
}

export interface PhaseChange {
  readonly namespace: string;
  readonly from: number;
  readonly to: number;
}

export interface FindingChange {
  readonly code: string;
  readonly severity: Severity;
  readonly objects: readonly string[];
  readonly message: string;
}

export interface CertificateRenewal {
  readonly namespace: string;
  readonly workload: string;
  readonly previousSerial: string;
  readonly serial: string;
  readonly notAfter: string | null;
}

export interface BaselineChanges {
  readonly baseline: { readonly generatedAt: string; readonly source: string; readonly now: string };
  readonly newPlaintextPorts: readonly PortChange[];
  readonly closedPlaintextPorts: readonly PortChange[];
  readonly phaseRegressions: readonly PhaseChange[];
  readonly phaseAdvances: readonly PhaseChange[];
  readonly newFindings: readonly FindingChange[];
  readonly resolvedFindings: readonly FindingChange[];
  readonly renewedCertificates: readonly CertificateRenewal[];
}
