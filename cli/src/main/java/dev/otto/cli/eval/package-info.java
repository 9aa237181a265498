/** The figures of a model against data, each with its definition (MATH.md section 7). */
package dev.otto.cli.eval;
