import { defineLibraryConfig } from '../../tsup.base.ts';

export default defineLibraryConfig({ entry: { cli: 'src/cli.ts' }, banner: { js: '#!/usr/bin/env node' } });
