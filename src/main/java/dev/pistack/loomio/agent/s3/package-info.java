/**
 * An S3-compatible object store (AWS S3, MinIO, Garage, SeaweedFS, versitygw, Backblaze B2, Cloudflare R2, Wasabi) as
 * a backup target, through the AWS SDK for Java v2: multipart uploads that show nothing until completed, paged
 * listing under the instance's key prefix, ranged downloads that resume.
 */
package dev.pistack.loomio.agent.s3;
