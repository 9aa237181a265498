/**
 * Report folders: {@code index.html} with the figures and charts, {@code metrics.json}; charts drawn
 * by XChart ({@code Figures}) and density heat maps by Java2D ({@code DensityImage}).
 */
package dev.otto.cli.report;
