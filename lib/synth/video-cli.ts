export async function runVideoCli(_argv: string[]): Promise<number> {
  throw new Error('synth video: not implemented yet');
}
