	mov %ecx,%edx
	mov (%edx),%eax
	cmp $0x0,%eax
	je .Lout
	mov %ebp,%edx
	mov %eax,(%edx)
	add $0x0,%eax
	mov (%eax),%eax
	mov %ecx,%edx
	mov %eax,(%edx)
.Lout:
