// The end-to-end suite in one process: one `vite preview` and one Chromium for every file.
// The contract every registered block keeps first, then what is specific to each domain, then
// embedding in other pages.
// One file alone: node --test tests/e2e/cache.mjs (it starts its own site and browser).
import './blocks.mjs';
import './cache.mjs';
import './ratelimit.mjs';
import './probabilistic.mjs';
import './partition.mjs';
import './messaging.mjs';
import './delivery.mjs';
import './embed.mjs';
