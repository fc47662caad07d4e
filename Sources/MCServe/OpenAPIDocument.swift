/// The OpenAPI 3.1 description of the API: `openapi.yaml` beside this file, embedded at build
/// time (Plugins/EmbedFilesPlugin) and served as it is at `/api/v1/openapi.yaml`. A test checks it
/// against the router (every route documented, nothing documented that is not routed) and the
/// real answers against its schemas; schemathesis fuzzes the service with it.
package enum OpenAPIDocument {
    package static let yaml = EmbeddedFiles.openapiYaml
}
