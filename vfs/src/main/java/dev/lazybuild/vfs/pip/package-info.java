/**
 * pip inputs as Hermeto reads them: hashed requirements files ({@link RequirementsFile}),
 * resolved against a simple index ({@link ProjectPage}) without downloading a package, with
 * Hermeto's {@code binary} filter ({@link BinaryFilter}) choosing the files
 * ({@link PipResolver}); the answer is kept per input in a {@link ResolutionCache}.
 */
package dev.lazybuild.vfs.pip;
