const nxPreset = require('@nx/jest/preset').default;

// Tests that do real work (fonts embedded in a PDF, qpdf, WebCrypto) take longer than Jest's 5 s
// on a loaded two-core CI machine while other projects' tests run beside them: a test that hangs
// still fails, after 30 s.
module.exports = { ...nxPreset, testTimeout: 30_000 };
