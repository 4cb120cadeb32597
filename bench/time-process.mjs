// A whole process as a user runs it, timed from its start to its exit, with its peak resident
// memory (Python's getrusage of its children, which Node does not report for one child).
import { execFileSync } from 'node:child_process';

/** Runs `command args` (standard input from `stdinFile`, if any) and gives {seconds, peakMb}; a failure throws. */
export function timeProcess(command, args, stdinFile = null) {
  const wrapper = [
    'import json, resource, subprocess, sys, time',
    'stdin = open(sys.argv[1], "rb") if sys.argv[1] else subprocess.DEVNULL',
    'started = time.perf_counter()',
    'code = subprocess.run(sys.argv[2:], stdin=stdin, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode',
    'seconds = time.perf_counter() - started',
    'print(json.dumps({"seconds": seconds, "peakMb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, "code": code}))',
  ].join('\n');
  const result = JSON.parse(
    execFileSync('python3', ['-c', wrapper, stdinFile ?? '', command, ...args], { encoding: 'utf8' }),
  );
  if (result.code !== 0) throw new Error(`${command} exited with ${result.code}`);
  return result;
}
