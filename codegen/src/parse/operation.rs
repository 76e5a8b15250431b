//! Reading the operation around the schemas: the fragment itself, its parameters, request body,
//! responses and their `content`.

use serde_json::Value;

use super::values::kind_of;
use super::{Fragment, MediaType, Parameter, Parser, RequestBody, Response};
use crate::error::Location;
use crate::spec::{Method, ParameterLocation};

impl Parser {
    pub(super) fn fragment(&mut self, value: &Value, root: &Location) -> Option<Fragment> {
        let object = self.object(value, root, "an operation fragment")?;
        self.refuse_unknown_keys(
            object,
            root,
            "an operation fragment",
            &[
                "method",
                "path",
                "summary",
                "description",
                "operationId",
                "parameters",
                "requestBody",
                "responses",
                "deprecated",
                "tags",
            ],
        );
        let operation_id = self.required_string(object, "operationId", root, "the fragment");
        let method_text = self.required_string(object, "method", root, "the fragment");
        let method = method_text.and_then(|text| {
            let method = Method::parse(&text);
            if method.is_none() {
                self.report(
                    &root.child("method"),
                    format!("`{text}` is not an HTTP method this generator supports"),
                );
            }
            method
        });
        let url = self.required_string(object, "path", root, "the fragment");
        let summary = self.string(object, "summary", root);
        let description = self.string(object, "description", root);
        let deprecated = self.boolean(object, "deprecated", root).unwrap_or(false);

        let parameters = match object.get("parameters") {
            None => Vec::new(),
            Some(Value::Array(items)) => {
                let location = root.child("parameters");
                items
                    .iter()
                    .enumerate()
                    .filter_map(|(index, item)| self.parameter(item, &location.child(index)))
                    .collect()
            }
            Some(other) => {
                self.report(
                    &root.child("parameters"),
                    format!("`parameters` must be an array, found {}", kind_of(other)),
                );
                Vec::new()
            }
        };
        let request_body = object
            .get("requestBody")
            .and_then(|body| self.request_body(body, &root.child("requestBody")));
        let responses = match object.get("responses") {
            None => {
                self.report(root, "the fragment has no `responses`");
                Vec::new()
            }
            Some(value) => self.responses(value, &root.child("responses")),
        };
        Some(Fragment {
            location: root.clone(),
            operation_id: operation_id?,
            method: method?,
            url: url?,
            summary,
            description,
            deprecated,
            parameters,
            request_body,
            responses,
        })
    }

    pub(super) fn parameter(&mut self, value: &Value, location: &Location) -> Option<Parameter> {
        let object = self.object(value, location, "a parameter")?;
        self.refuse_unknown_keys(
            object,
            location,
            "a parameter",
            &[
                "name",
                "in",
                "description",
                "required",
                "deprecated",
                "style",
                "explode",
                "schema",
            ],
        );
        let name = self.required_string(object, "name", location, "the parameter");
        let r#in = match self
            .required_string(object, "in", location, "the parameter")?
            .as_str()
        {
            "path" => ParameterLocation::Path,
            "query" => ParameterLocation::Query,
            "header" => ParameterLocation::Header,
            "cookie" => ParameterLocation::Cookie,
            other => {
                self.report(
                    &location.child("in"),
                    format!(
                        "`in: {other}` is not a parameter location (path, query, header, cookie)"
                    ),
                );
                return None;
            }
        };
        let description = self.string(object, "description", location);
        let required = self.boolean(object, "required", location).unwrap_or(false);
        let deprecated = self
            .boolean(object, "deprecated", location)
            .unwrap_or(false);
        let style = self.string(object, "style", location);
        let explode = self.boolean(object, "explode", location);
        let schema = if let Some(schema) = object.get("schema") {
            self.schema(schema, &location.child("schema"))
        } else {
            self.report(location, "the parameter has no `schema`");
            None
        };
        Some(Parameter {
            location: location.clone(),
            name: name?,
            r#in,
            description,
            required,
            deprecated,
            style,
            explode,
            schema: schema?,
            raw_schema: schemars::Schema::default(),
        })
    }

    pub(super) fn content(&mut self, value: &Value, location: &Location) -> Vec<MediaType> {
        let Some(object) = self.object(value, location, "`content`") else {
            return Vec::new();
        };
        let mut content = Vec::new();
        for (media_type, entry) in object {
            let entry_location = location.child(media_type);
            let Some(entry_object) = self.object(entry, &entry_location, "a media type") else {
                continue;
            };
            self.refuse_unknown_keys(
                entry_object,
                &entry_location,
                "a media type",
                &["schema", "encoding"],
            );
            if let Some(encoding) = entry_object.get("encoding")
                && encoding.as_object().is_none_or(|map| !map.is_empty())
            {
                self.report(
                    &entry_location.child("encoding"),
                    "a non-empty `encoding` is not supported by this generator",
                );
            }
            let schema = entry_object
                .get("schema")
                .and_then(|schema| self.schema(schema, &entry_location.child("schema")));
            content.push(MediaType {
                location: entry_location,
                media_type: media_type.clone(),
                schema,
                raw_schema: None,
            });
        }
        content
    }

    pub(super) fn request_body(
        &mut self,
        value: &Value,
        location: &Location,
    ) -> Option<RequestBody> {
        let object = self.object(value, location, "`requestBody`")?;
        self.refuse_unknown_keys(
            object,
            location,
            "`requestBody`",
            &["content", "required", "description"],
        );
        let content = if let Some(content) = object.get("content") {
            self.content(content, &location.child("content"))
        } else {
            self.report(location, "`requestBody` has no `content`");
            Vec::new()
        };
        Some(RequestBody {
            location: location.clone(),
            description: self.string(object, "description", location),
            required: self.boolean(object, "required", location).unwrap_or(false),
            content,
        })
    }

    pub(super) fn responses(&mut self, value: &Value, location: &Location) -> Vec<Response> {
        let Some(object) = self.object(value, location, "`responses`") else {
            return Vec::new();
        };
        let mut responses = Vec::new();
        for (status, entry) in object {
            let entry_location = location.child(status);
            let Some(entry_object) = self.object(entry, &entry_location, "a response") else {
                continue;
            };
            // Response headers and links are not exposed by the client, so they are accepted
            // and not read.
            self.refuse_unknown_keys(
                entry_object,
                &entry_location,
                "a response",
                &["description", "content", "headers", "links"],
            );
            let content = entry_object
                .get("content")
                .map(|content| self.content(content, &entry_location.child("content")))
                .unwrap_or_default();
            responses.push(Response {
                description: self.string(entry_object, "description", &entry_location),
                location: entry_location,
                status: status.clone(),
                content,
            });
        }
        responses
    }
}
