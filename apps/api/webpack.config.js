const { NxAppWebpackPlugin } = require('@nx/webpack/app-plugin');
const { join } = require('path');

module.exports = {
  output: {
    path: join(__dirname, '../../dist/apps/api'),
    clean: true,
    ...(process.env.NODE_ENV !== 'production' && {
      devtoolModuleFilenameTemplate: '[absolute-resource-path]',
    }),
  },
  plugins: [
    new NxAppWebpackPlugin({
      target: 'node',
      compiler: 'tsc',
      main: './src/main.ts',
      // The PDF worker thread (meeting papers) is its own bundle next to main.js.
      additionalEntryPoints: [{ entryName: 'paper-worker', entryPath: join(__dirname, '../../libs/api/papers/src/lib/pdf/paper.worker.ts') }],
      tsConfig: './tsconfig.app.json',
      // Noto Sans for every PDF the API writes (see libs/api/pdf).
      assets: [{ input: 'libs/api/pdf/src/assets', glob: '**/*', output: 'assets' }],
      optimization: false,
      outputHashing: 'none',
      generatePackageJson: true,
      sourceMap: true,
    })
  ],
};
