#pragma once
// One visitor out of several lambdas, for std::visit over a variant:
//   std::visit(Overloaded{[](const A&) {...}, [](const auto&) {...}}, v);

namespace cohsim {

template <class... Lambdas>
struct Overloaded : Lambdas... {
  using Lambdas::operator()...;
};
template <class... Lambdas>
Overloaded(Lambdas...) -> Overloaded<Lambdas...>;

}  // namespace cohsim
