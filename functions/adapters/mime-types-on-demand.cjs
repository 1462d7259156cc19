'use strict';
/**
 * What a Lambda bundle that parses mail finds at libmime's `./mimetypes.js` (infra/bundling.ts
 * leaves that import to run time and ships this file in its place): the MIME type tables, about
 * 70 KB, load from `tables/` on the first attachment sent without a type, not at every cold start.
 * libmime reads only `list` and `extensions`.
 */
let tables;
const loaded = () => {
  tables ??= require('./tables/mimetypes.js');
  return tables;
};
Object.defineProperty(exports, '__esModule', { value: true });
Object.defineProperty(exports, 'list', { enumerable: true, get: () => loaded().list });
Object.defineProperty(exports, 'extensions', { enumerable: true, get: () => loaded().extensions });
