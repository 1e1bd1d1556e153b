/**
 * The users' uploads (the uploads volume: Active Storage's {@code storage/}, {@code public/system}, {@code
 * public/files}) backed up with each database backup, incrementally, as encrypted blobs named by a keyed hash of their
 * content, and one manifest per backup; and restored into an empty volume before the app starts.
 */
package dev.pistack.loomio.agent.uploads;
