export {
  JsonBoundsError,
  parseJsonBounded,
  type BoundedJsonResult,
  type JsonBounds,
  type JsonBoundsProblem,
} from './bounded-json.js';
