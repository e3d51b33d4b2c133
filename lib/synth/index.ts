export { renderFrame, type RenderedFrame, type StillOptions } from './frame';
export { renderScene, type FrameInfo } from './render';
export { sampleScene, WATER_BIN_RANGES, type Scene } from './scene';
export { writeDataset, CSV_HEADER, type DatasetOptions } from './dataset';
export { createRng, type Rng } from './prng';
export { formatDistance } from './overlay';
