export { startFakeModel } from './fake-model.js';
export type { FakeModel, FakeModelOptions, RecordedRequest } from './fake-model.js';
export { fakeAnswer, fakeAnswerPieces, fakeEmbedding, fakeTokenCount } from './fake-answers.js';
