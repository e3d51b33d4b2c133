/**
 * Sewer-ML's 17 defect classes. Order matters: it is the column order of the
 * Sewer-ML CSV and the order of the classifier's output vector.
 * CIW = Sewer-ML class-importance weight (used by F2-CIW).
 * Standard codes are the *nearest* equivalents; reports must label them so.
 */
export const DEFECT_CODES = [
  'RB', 'OB', 'PF', 'DE', 'FS', 'IS', 'RO', 'IN', 'AF', 'BE', 'FO', 'GR', 'PH', 'PB', 'OS', 'OP', 'OK',
] as const;

export type DefectCode = (typeof DEFECT_CODES)[number];

/** Structural defects affect the pipe's integrity; O&M defects its operation (PACP split). */
export type GradeKind = 'structural' | 'om';

export interface DefectClass {
  code: DefectCode;
  name: string;
  ciw: number;
  kind: GradeKind;
  pacp: string;
  en13508: string;
  korean: string;
}

export const DEFECT_CLASSES: readonly DefectClass[] = [
  { code: 'RB', name: 'Cracks, breaks and collapses', ciw: 1.0, kind: 'structural', pacp: 'C*, F*, B*, H, X', en13508: 'BAB, BAC', korean: '균열, 파손' },
  { code: 'OB', name: 'Surface damage', ciw: 0.5518, kind: 'structural', pacp: 'S*', en13508: 'BAF', korean: '표면손상' },
  { code: 'PF', name: 'Production error', ciw: 0.2896, kind: 'structural', pacp: '—', en13508: 'BAK/BAL', korean: '—' },
  { code: 'DE', name: 'Deformation', ciw: 0.1622, kind: 'structural', pacp: 'D', en13508: 'BAA', korean: '변형' },
  { code: 'FS', name: 'Displaced joint', ciw: 0.6419, kind: 'structural', pacp: 'JO*, JS*, JA*', en13508: 'BAJ', korean: '이음부 단차/이탈' },
  { code: 'IS', name: 'Intruding sealing material', ciw: 0.1847, kind: 'om', pacp: 'IS*', en13508: 'BAI', korean: '이음부 손상' },
  { code: 'RO', name: 'Roots', ciw: 0.3559, kind: 'om', pacp: 'R*', en13508: 'BBA', korean: '뿌리침입' },
  { code: 'IN', name: 'Infiltration', ciw: 0.3131, kind: 'om', pacp: 'I*', en13508: 'BBF', korean: '침입수' },
  { code: 'AF', name: 'Settled deposits', ciw: 0.0811, kind: 'om', pacp: 'DS*', en13508: 'BBC', korean: '토사퇴적' },
  { code: 'BE', name: 'Attached deposits', ciw: 0.2275, kind: 'om', pacp: 'DA*', en13508: 'BBB', korean: '부착물' },
  { code: 'FO', name: 'Obstacle', ciw: 0.2477, kind: 'om', pacp: 'OB*', en13508: 'BBE', korean: '장애물' },
  { code: 'GR', name: 'Branch pipe', ciw: 0.0901, kind: 'om', pacp: 'T*', en13508: 'BCA', korean: '연결관' },
  { code: 'PH', name: 'Chiseled connection', ciw: 0.4167, kind: 'structural', pacp: 'T*', en13508: 'BAH', korean: '연결관 불량' },
  { code: 'PB', name: 'Drilled connection', ciw: 0.4167, kind: 'structural', pacp: 'T*', en13508: 'BAH', korean: '연결관 불량' },
  { code: 'OS', name: 'Lateral reinstatement cuts', ciw: 0.9009, kind: 'structural', pacp: 'T*', en13508: 'BAG', korean: '연결관 돌출' },
  { code: 'OP', name: 'Connection with transition profile', ciw: 0.3829, kind: 'om', pacp: 'T*', en13508: 'BCA', korean: '연결관' },
  { code: 'OK', name: 'Connection with construction changes', ciw: 0.4396, kind: 'structural', pacp: 'T*', en13508: 'BAH', korean: '연결관 불량' },
];

const BY_CODE = new Map(DEFECT_CLASSES.map((c) => [c.code, c]));

export function defectClass(code: DefectCode): DefectClass {
  const c = BY_CODE.get(code);
  if (!c) throw new Error(`unknown defect code ${code}`);
  return c;
}

export function isDefectCode(s: string): s is DefectCode {
  return BY_CODE.has(s as DefectCode);
}

/** Sewer-ML "VA" water-level bins, in CSV order (VA = 0..3). */
export const WATER_LEVELS = ['<5', '5-15', '15-30', '>=30'] as const;
export type WaterLevel = (typeof WATER_LEVELS)[number];
