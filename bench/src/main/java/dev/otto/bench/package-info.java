/** JMH benchmarks and peer-comparison harnesses. */
package dev.otto.bench;
