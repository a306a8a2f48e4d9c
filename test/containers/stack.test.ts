/**
 * The container suite's stack tests, in one file because they share one thing they cannot
 * share at the same time: the containers compose.yaml names (`homepage`,
 * `kitestacks-metrics-api`). vitest runs the files of a project side by side whatever the
 * project says (worker scheduling is a root-level setting), and the tests of one file one
 * after the other: first the production shape, then updates and rollbacks, each with its
 * own checkout and stack, set up and cleaned up in its own hooks.
 *
 * Needs a Docker engine and Compose v2; where no engine answers, or KITESTACKS_CONTAINERS=off,
 * both are skipped with the reason printed.
 */
import { describeProductionShape } from './stack/production-shape.js';
import { describeUpdates } from './stack/updates.js';
import { stackCanRun } from './support/suite.js';

const enabled = await stackCanRun('container stack');

describeProductionShape(enabled);
describeUpdates(enabled);
