/// The OpenAPI 3.1 description of the API, served at `/api/v1/openapi.yaml`. A test checks it
/// against the router (every route documented, nothing documented that is not routed) and the
/// real answers against its schemas; schemathesis fuzzes the service with it.
package enum OpenAPIDocument {
    package static let yaml = #"""
    openapi: 3.1.0
    info:
      title: mcstat web service
      version: 1.0.0
      description: |
        Institutions submit exports and read their feedback; analysts read the report catalogue.
        Every route but /healthz and /api/v1/openapi.yaml needs `Authorization: Bearer <token>`
        (tokens come from `mcstat accounts add`). What belongs to another institution answers 404.
    servers:
      - url: /
    security:
      - bearer: []
    paths:
      /healthz:
        get:
          operationId: health
          summary: Liveness check
          security: []
          responses:
            "200":
              description: The service is up.
              content:
                application/json:
                  schema:
                    type: object
                    required: [status]
                    properties:
                      status: {type: string, const: ok}
      /metrics:
        get:
          operationId: metrics
          summary: Prometheus metrics (analysts and admins)
          responses:
            "200":
              description: Prometheus text exposition format.
              content:
                text/plain:
                  schema: {type: string}
            "401": {$ref: "#/components/responses/Unauthorized"}
            "403": {$ref: "#/components/responses/Forbidden"}
            "429": {$ref: "#/components/responses/TooManySignIns"}
      /api/v1/openapi.yaml:
        get:
          operationId: openapi
          summary: This document
          security: []
          responses:
            "200":
              description: OpenAPI 3.1 in YAML.
              content:
                application/yaml:
                  schema: {type: string}
      /api/v1/submissions:
        post:
          operationId: submit
          summary: Submit an export (submitters)
          description: |
            The body is the file (any format `mcstat validate` reads, or a .zip of them). It is
            streamed to disk, validated with the rules of `validate` plus the account's awarding
            bodies, and lands in the inbox. The same bytes again give the same receipt (200).
          parameters:
            - $ref: "#/components/parameters/AwardingBody"
          requestBody:
            required: true
            content:
              application/octet-stream:
                schema: {type: string, format: binary}
              text/csv:
                schema: {type: string}
          responses:
            "201":
              description: Landed; the new receipt.
              headers:
                Location:
                  schema: {type: string}
              content:
                application/json:
                  schema: {$ref: "#/components/schemas/Receipt"}
            "200":
              description: These bytes were received before; the earlier receipt.
              content:
                application/json:
                  schema: {$ref: "#/components/schemas/Receipt"}
            "400": {$ref: "#/components/responses/BadRequest"}
            "401": {$ref: "#/components/responses/Unauthorized"}
            "403": {$ref: "#/components/responses/Forbidden"}
            "404": {$ref: "#/components/responses/NotFound"}
            "413": {$ref: "#/components/responses/TooLarge"}
            "422":
              description: The file could not be read at all (unreadable_file) or holds no record (no_records); nothing was kept.
              content:
                application/json:
                  schema: {$ref: "#/components/schemas/Error"}
            "429":
              description: Too many failed sign-ins (too_many_sign_ins), or the account's daily quota would be passed (daily_quota_exceeded).
              headers:
                Retry-After:
                  schema: {type: integer}
              content:
                application/json:
                  schema: {$ref: "#/components/schemas/Error"}
        get:
          operationId: listSubmissions
          summary: The account's submissions, newest first (submitters; admins see all)
          responses:
            "200":
              description: Receipts without their validation reports.
              content:
                application/json:
                  schema:
                    type: object
                    required: [submissions]
                    properties:
                      submissions:
                        type: array
                        items: {$ref: "#/components/schemas/Receipt"}
            "401": {$ref: "#/components/responses/Unauthorized"}
            "403": {$ref: "#/components/responses/Forbidden"}
            "429": {$ref: "#/components/responses/TooManySignIns"}
      /api/v1/submissions/{id}:
        get:
          operationId: getSubmission
          summary: One receipt with the first issues of each reason (own only)
          parameters:
            - name: id
              in: path
              required: true
              schema: {type: string}
          responses:
            "200":
              description: The receipt.
              content:
                application/json:
                  schema: {$ref: "#/components/schemas/Receipt"}
            "401": {$ref: "#/components/responses/Unauthorized"}
            "403": {$ref: "#/components/responses/Forbidden"}
            "404": {$ref: "#/components/responses/NotFound"}
            "429": {$ref: "#/components/responses/TooManySignIns"}
      /api/v1/submissions/{id}/validation:
        get:
          operationId: getValidationReport
          summary: The full validation report of a submission, every issue, streamed (own only)
          parameters:
            - name: id
              in: path
              required: true
              schema: {type: string}
          responses:
            "200":
              description: The `mcstat validate --format json` document of the upload.
              content:
                application/json:
                  schema: {$ref: "#/components/schemas/Validation"}
            "401": {$ref: "#/components/responses/Unauthorized"}
            "403": {$ref: "#/components/responses/Forbidden"}
            "404": {$ref: "#/components/responses/NotFound"}
            "429": {$ref: "#/components/responses/TooManySignIns"}
      /api/v1/rejects:
        get:
          operationId: listRejects
          summary: The institution's quarantined records after the nightly run (no learner keys)
          parameters:
            - $ref: "#/components/parameters/AwardingBody"
          responses:
            "200":
              description: Quarantined records.
              content:
                application/json:
                  schema:
                    type: object
                    required: [rejects]
                    properties:
                      rejects:
                        type: array
                        items: {$ref: "#/components/schemas/Reject"}
            "400": {$ref: "#/components/responses/BadRequest"}
            "401": {$ref: "#/components/responses/Unauthorized"}
            "403": {$ref: "#/components/responses/Forbidden"}
            "404": {$ref: "#/components/responses/NotFound"}
            "429": {$ref: "#/components/responses/TooManySignIns"}
      /api/v1/completeness.csv:
        get:
          operationId: getCompletenessCSV
          summary: The completeness report, every awarding body's row, from the store now (analysts and admins)
          description: The bytes `mcstat report --only completeness` writes as completeness.csv; never in the public set.
          responses:
            "200": {$ref: "#/components/responses/CompletenessCSV"}
            "401": {$ref: "#/components/responses/Unauthorized"}
            "403": {$ref: "#/components/responses/Forbidden"}
            "429": {$ref: "#/components/responses/TooManySignIns"}
      /api/v1/completeness.json:
        get:
          operationId: getCompletenessJSON
          summary: The completeness report, every awarding body's row, from the store now (analysts and admins)
          description: The bytes `mcstat report --only completeness` writes as completeness.json; never in the public set.
          responses:
            "200": {$ref: "#/components/responses/CompletenessJSON"}
            "401": {$ref: "#/components/responses/Unauthorized"}
            "403": {$ref: "#/components/responses/Forbidden"}
            "429": {$ref: "#/components/responses/TooManySignIns"}
      /api/v1/institution/completeness.csv:
        get:
          operationId: getOwnCompletenessCSV
          summary: The completeness report with the institution's own rows only
          parameters:
            - $ref: "#/components/parameters/AwardingBody"
          responses:
            "200": {$ref: "#/components/responses/CompletenessCSV"}
            "400": {$ref: "#/components/responses/BadRequest"}
            "401": {$ref: "#/components/responses/Unauthorized"}
            "403": {$ref: "#/components/responses/Forbidden"}
            "404": {$ref: "#/components/responses/NotFound"}
            "429": {$ref: "#/components/responses/TooManySignIns"}
      /api/v1/institution/completeness.json:
        get:
          operationId: getOwnCompletenessJSON
          summary: The completeness report with the institution's own rows only
          parameters:
            - $ref: "#/components/parameters/AwardingBody"
          responses:
            "200": {$ref: "#/components/responses/CompletenessJSON"}
            "400": {$ref: "#/components/responses/BadRequest"}
            "401": {$ref: "#/components/responses/Unauthorized"}
            "403": {$ref: "#/components/responses/Forbidden"}
            "404": {$ref: "#/components/responses/NotFound"}
            "429": {$ref: "#/components/responses/TooManySignIns"}
      /api/v1/reports:
        get:
          operationId: listReports
          summary: The report catalogue of the last run and its manifest (analysts and admins)
          responses:
            "200":
              description: Files and manifest.
              content:
                application/json:
                  schema:
                    type: object
                    required: [files, manifest]
                    properties:
                      files:
                        type: array
                        items:
                          type: object
                          required: [name, bytes]
                          properties:
                            name: {type: string}
                            bytes: {type: integer}
                      manifest: {type: [object, "null"]}
            "401": {$ref: "#/components/responses/Unauthorized"}
            "403": {$ref: "#/components/responses/Forbidden"}
            "429": {$ref: "#/components/responses/TooManySignIns"}
      /api/v1/reports/{name}:
        get:
          operationId: getReport
          summary: One file of the catalogue (analysts and admins)
          parameters:
            - name: name
              in: path
              required: true
              schema: {type: string}
          responses:
            "200":
              description: The file as written by `mcstat report`.
              content:
                text/csv:
                  schema: {type: string}
                application/json:
                  schema: {}
                application/xml:
                  schema: {type: string}
                text/html:
                  schema: {type: string}
                application/octet-stream:
                  schema: {type: string, format: binary}
            "401": {$ref: "#/components/responses/Unauthorized"}
            "403": {$ref: "#/components/responses/Forbidden"}
            "404": {$ref: "#/components/responses/NotFound"}
            "429": {$ref: "#/components/responses/TooManySignIns"}
      /api/v1/runs:
        get:
          operationId: listRuns
          summary: Run history, newest first (analysts and admins)
          responses:
            "200":
              description: Runs.
              content:
                application/json:
                  schema:
                    type: object
                    required: [runs]
                    properties:
                      runs:
                        type: array
                        items:
                          type: object
                          required: [id, pipeline, started_at, outcome]
                          properties:
                            id: {type: integer}
                            pipeline: {type: string}
                            started_at: {type: string}
                            finished_at: {type: [string, "null"]}
                            outcome: {type: string}
                            summary: {type: [string, "null"]}
            "401": {$ref: "#/components/responses/Unauthorized"}
            "403": {$ref: "#/components/responses/Forbidden"}
            "429": {$ref: "#/components/responses/TooManySignIns"}
      /api/v1/accounts:
        get:
          operationId: listAccounts
          summary: Accounts, never their tokens (admins)
          responses:
            "200":
              description: Accounts.
              content:
                application/json:
                  schema:
                    type: object
                    required: [accounts]
                    properties:
                      accounts:
                        type: array
                        items: {$ref: "#/components/schemas/Account"}
            "401": {$ref: "#/components/responses/Unauthorized"}
            "403": {$ref: "#/components/responses/Forbidden"}
            "429": {$ref: "#/components/responses/TooManySignIns"}
    components:
      securitySchemes:
        bearer:
          type: http
          scheme: bearer
      parameters:
        AwardingBody:
          name: awarding_body
          in: query
          required: false
          description: One of the account's awarding bodies (required when it has several).
          schema: {type: string}
      responses:
        BadRequest:
          description: The request is incomplete (e.g. no awarding body named) or the upload was cut off.
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Error"}
        Unauthorized:
          description: No valid token.
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Error"}
        Forbidden:
          description: The account's role may not use this route.
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Error"}
        NotFound:
          description: No such resource for this account.
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Error"}
        TooLarge:
          description: The upload is larger than --max-upload.
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Error"}
        CompletenessCSV:
          description: "completeness.csv: awarding_body_id, received, accepted, rejected, one rejected_<reason> column per reject reason, one share_<element> column per optional Annex I element."
          content:
            text/csv:
              schema: {type: string}
        CompletenessJSON:
          description: completeness.json, as `mcstat report` writes it.
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Completeness"}
        TooManySignIns:
          description: Too many failed sign-ins from this address or for this account.
          headers:
            Retry-After:
              schema: {type: integer}
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Error"}
      schemas:
        Error:
          type: object
          required: [error]
          properties:
            error:
              type: object
              required: [code, message]
              properties:
                code: {type: string}
                message: {type: string}
            validation: {$ref: "#/components/schemas/Validation"}
        Totals:
          type: object
          required: [read, accepted, rejected, warnings]
          properties:
            read: {type: integer}
            accepted: {type: integer}
            rejected: {type: integer}
            warnings: {type: integer}
        Issue:
          type: object
          required: [record, line, field, element, code, severity, value, message, hint]
          properties:
            record: {type: [integer, "null"]}
            line: {type: [integer, "null"]}
            pointer: {type: string}
            field: {type: [string, "null"]}
            element: {type: [string, "null"]}
            code: {type: string}
            severity: {type: string, enum: [error, warning]}
            value: {type: [string, "null"]}
            message: {type: string}
            hint: {type: [string, "null"]}
        FileReport:
          type: object
          required: [path, format, read, accepted, rejected, warnings, fatal, issues]
          properties:
            path: {type: string}
            format: {type: [string, "null"]}
            read: {type: integer}
            accepted: {type: integer}
            rejected: {type: integer}
            warnings: {type: integer}
            fatal:
              type: [object, "null"]
              required: [code, message, line]
              properties:
                code: {type: string}
                message: {type: string}
                line: {type: [integer, "null"]}
            issues:
              type: array
              items: {$ref: "#/components/schemas/Issue"}
        Validation:
          description: The `mcstat validate --format json` document.
          type: object
          required: [files, totals]
          properties:
            files:
              type: array
              items: {$ref: "#/components/schemas/FileReport"}
            totals: {$ref: "#/components/schemas/Totals"}
        Receipt:
          type: object
          required: [id, awarding_body, sha256, received_at, file, bytes, counts]
          properties:
            id: {type: string}
            awarding_body: {type: string}
            sha256: {type: string}
            received_at: {type: string}
            file: {type: string}
            bytes: {type: integer}
            format: {type: [string, "null"]}
            counts: {$ref: "#/components/schemas/Totals"}
            validation:
              description: The validation report with at most the first 100 issues of each reason.
              $ref: "#/components/schemas/Validation"
            issue_counts:
              description: Every issue of the upload, counted by reason code.
              type: object
              additionalProperties: {type: integer}
            validation_report:
              description: Where the full validation report is streamed from.
              type: string
        Reject:
          type: object
          required: [file, record, reason_code, message]
          properties:
            file: {type: string}
            record: {type: integer}
            line: {type: [integer, "null"]}
            pointer: {type: [string, "null"]}
            awarding_body: {type: [string, "null"]}
            credential_id: {type: [string, "null"]}
            reason_code: {type: string}
            field: {type: [string, "null"]}
            element: {type: [string, "null"]}
            message: {type: string}
        Completeness:
          type: object
          required: [report, dimensions, rows]
          properties:
            report: {type: string, const: completeness}
            dimensions:
              type: array
              items: {type: string}
            rows:
              type: array
              items:
                type: object
                required: [awarding_body_id, received, accepted, rejected]
                properties:
                  awarding_body_id: {type: string}
                  received: {type: integer}
                  accepted: {type: integer}
                  rejected: {type: integer}
        Account:
          type: object
          required: [id, role, awarding_bodies, created_at]
          properties:
            id: {type: string}
            role: {type: string, enum: [submitter, analyst, admin]}
            awarding_bodies:
              type: array
              items: {type: string}
            label: {type: [string, "null"]}
            created_at: {type: string}
            revoked_at: {type: [string, "null"]}
    """#
}
