import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { DEFECT_CLASSES } from '../taxonomy/codes';
import type { ModelManifest } from './model-store';

interface Summary {
  n: number;
  f2_ciw: number;
  f1_normal: number;
  classes: Record<string, { precision: number; recall: number; f2: number; support: number }>;
}

const pct = (v: number) => (v * 100).toFixed(1);

function table(m: Summary, thresholds: Record<string, number>): string {
  const rows = DEFECT_CLASSES.map((c) => {
    const k = m.classes[c.code];
    return `| ${c.code} | ${c.name} | ${k.support} | ${pct(k.precision)} | ${pct(k.recall)} | ${pct(k.f2)} | ${thresholds[c.code]} |`;
  });
  return ['| code | class | support | precision % | recall % | F2 % | threshold |', '|---|---|---|---|---|---|---|', ...rows].join('\n');
}

/** MODEL_CARD.md next to the weights: what the model is, how it was made, what it scores, where it fails. */
export async function writeModelCard(dir: string, m: ModelManifest, extra = ''): Promise<void> {
  const t = m.training as Record<string, unknown>;
  const metrics = m.metrics as { validation: Summary; heldOut?: Summary & { data: string } };
  const cfg = m.modelConfig as { params?: number; blocks?: unknown[]; preset?: string } | undefined;
  const lines = [
    `# Model card: ${m.name} ${m.version}`,
    '',
    `MobileNet-style depthwise-separable CNN (preset \`${cfg?.preset}\`, ${cfg?.params} parameters, input ${m.inputSize}×${m.inputSize} RGB),`,
    `17 sigmoid outputs in Sewer-ML code order${m.waterHead ? ' plus a 4-bin water-level softmax head' : ''}. Global average pooling follows`,
    `the last conv layer (\`${m.lastConvLayer}\`), so class activation maps are exact.`,
    '',
    '## Training',
    `- Command: \`${t.command}\``,
    `- Data: ${t.dataRecipe}`,
    `- ${t.images} images: ${t.trainImages} train / ${t.valImages} validation (seeded split, seed ${t.seed}).`,
    `- ${t.epochs} epochs run (of ${t.plannedEpochs} planned), best epoch ${t.bestEpoch}, batch ${t.batch}, Adam lr ${t.lr} with cosine decay, backend ${t.backend}, ${t.minutes} min.`,
    `- Loss: ${t.loss}; augmentation: ${t.augmentation}.`,
    `- Input normalization: ${m.normalization ? `CLAHE clip ${m.normalization.claheClip}, tile ${m.normalization.claheTile}, illumination sigma ${m.normalization.illumSigmaFrac}·width, gray-world ${m.normalization.grayWorld}` : 'none'}.`,
    `- Thresholds: per class, chosen to maximise F2 on the validation split, then raised to a common floor (${t.thresholdFloor ?? 0}): the floor with the best F1-Normal that keeps F2-CIW ≥ 90 % of the pure-F2 value on the same split.`,
    '',
    '## Metrics',
  ];
  if (metrics.heldOut) {
    lines.push(`Held-out synthetic set \`${metrics.heldOut.data}\` (n = ${metrics.heldOut.n}, never used for training or selection):`, `**F2-CIW ${pct(metrics.heldOut.f2_ciw)} %, F1-Normal ${pct(metrics.heldOut.f1_normal)} %**`, '', table(metrics.heldOut, m.thresholds), '');
  }
  lines.push(
    `Validation split (n = ${metrics.validation.n}; thresholds were tuned on it, so it is optimistic): F2-CIW ${pct(metrics.validation.f2_ciw)} %, F1-Normal ${pct(metrics.validation.f1_normal)} %.`,
    '',
    '## Limits',
    '- Trained ONLY on synthetic frames (lib/synth). Scores on real CCTV footage are much lower; see `sewer eval --real-dev`.',
    '- Per-frame multi-label classifier: no localisation beyond class activation maps, no severity.',
    '- Codes whose synthetic renderings look alike (connection codes GR/PH/PB/OS/OP/OK, deposits AF/BE) are the most confused.',
  );
  if (extra) lines.push('', extra);
  await writeFile(path.join(dir, 'MODEL_CARD.md'), lines.join('\n') + '\n');
}
