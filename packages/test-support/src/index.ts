export { freePort } from "./free-port.js";
export { startSmtpSink, type ReceivedMail, type SmtpSink } from "./smtp-sink.js";
export {
  startProcess,
  stopAllProcesses,
  waitForAnswer,
  waitForOutput,
  type ProcessSpec,
  type ServerProcess,
} from "./server-process.js";
export { waitUntil } from "./wait-until.js";
export type { WaitOptions } from "./wait-until.js";
