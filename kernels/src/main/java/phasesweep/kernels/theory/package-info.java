/**
 * The theories a sweep's runs are judged against (docs/physics.md §5.1): each a named part with
 * its scope, plane, time unit and laws. Physics only: it reads settings, never runs or tables.
 */
package phasesweep.kernels.theory;
