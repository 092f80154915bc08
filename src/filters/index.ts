export { FilterController } from './filterController';
export { registerFilterCommands } from './commands';
