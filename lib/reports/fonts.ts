import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * NanumGothic (SIL OFL 1.1, public/fonts/OFL.txt) ships in the repo: it covers Hangul for the
 * Korean nearest codes and Latin for everything else, so reports render the same on any machine
 * with no system fonts and no network. PDFKit embeds only the glyphs used (a few tens of kB).
 */
export interface ReportFonts {
  regular: string;
  bold: string;
}

function candidates(): string[] {
  const dirs = [process.env.SEWER_FONTS_DIR, path.join(process.cwd(), 'public', 'fonts')];
  // Next bundles server code elsewhere, so the module-relative path is only a fallback for tsx/vitest.
  try {
    // From the module's own path, not new URL('…', import.meta.url), which bundlers try to resolve as an asset.
    dirs.push(path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../public/fonts'));
  } catch {
    /* not a file: URL inside a bundle */
  }
  return dirs.filter((d): d is string => !!d);
}

export function reportFonts(): ReportFonts {
  for (const dir of candidates()) {
    const regular = path.join(dir, 'NanumGothic.ttf');
    const bold = path.join(dir, 'NanumGothicBold.ttf');
    if (fs.existsSync(regular) && fs.existsSync(bold)) return { regular, bold };
  }
  throw new Error(`report fonts not found (looked for NanumGothic.ttf in ${candidates().join(', ')})`);
}
