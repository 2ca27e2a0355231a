/**
 * What can go wrong, in one place: the exceptions a command ends with ({@link
 * phasesweep.driver.failure.UserInputException} bad input, {@link
 * phasesweep.driver.failure.NoResultException}, {@link phasesweep.driver.failure.FailedRunException},
 * {@link phasesweep.driver.failure.BusyException}) and {@link phasesweep.driver.failure.Failure},
 * which turns any of them into the one-line message and the documented exit code (README, "Commands").
 * It depends on no other package of the driver but its root.
 */
package phasesweep.driver.failure;
